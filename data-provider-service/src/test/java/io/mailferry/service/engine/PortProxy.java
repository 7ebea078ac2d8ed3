package io.mailferry.service.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** A port (a mailbox side) whose calls a test sees first: to record them, hold them, or answer some itself. */
final class PortProxy {
    private PortProxy() {
    }

    /** Sees one call; answers it (non-null) or lets the real side answer (null). */
    @FunctionalInterface
    interface Seen {
        Object answer(String method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    static <T> T of(Class<T> type, T real, Seen seen) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object mine = seen.answer(method.getName(), args);
            if (mine != null) {
                return mine;
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
