package dev.panamafuse.path;

import dev.panamafuse.Request;
import java.lang.reflect.Proxy;

/** A request from uid and gid 1000, pid 1, that is never interrupted. */
final class TestRequest {
    static final Request USER = (Request) Proxy.newProxyInstance(Request.class.getClassLoader(),
            new Class<?>[] {Request.class}, (proxy, method, args) -> switch (method.getName()) {
                case "unique", "nodeid" -> 1L;
                case "uid", "gid" -> 1000;
                case "pid" -> 1;
                case "operation", "toString" -> "TEST";
                case "isInterrupted" -> false;
                default -> null;
            });

    private TestRequest() {
    }
}
