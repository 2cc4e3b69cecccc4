/**
 * The {@code panamafuse} command line (Picocli): {@code mount hello|memory|passthrough|zip DIR}
 * serves a demo filesystem in the foreground until a signal or an unmount, {@code list} shows the
 * mounts this user's commands made, {@code unmount DIR} removes one. The entry point is
 * {@link dev.panamafuse.examples.cli.Main}; exit codes are listed in
 * {@code ExitCodes}. Not an API: nothing here is exported.
 */
package dev.panamafuse.examples.cli;
