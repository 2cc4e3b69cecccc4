/**
 * Internal: the zero-copy codec. {@link dev.panamafuse.codec.RequestFrame} reads request frames
 * in place in the request buffer; {@link dev.panamafuse.codec.ReplyFrame} writes replies into the
 * reply buffer as iovecs; {@link dev.panamafuse.codec.AttrEncoder} and
 * {@link dev.panamafuse.codec.DirentWriter} encode attributes and directory entries. Exported
 * only to {@code dev.panamafuse.ffm}.
 */
package dev.panamafuse.codec;
