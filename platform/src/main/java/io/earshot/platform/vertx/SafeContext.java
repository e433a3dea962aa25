package io.earshot.platform.vertx;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Vert.x contexts Earshot's reactive work runs on. Hibernate Reactive needs a safe duplicated context per unit of
 * work: a timer, a retry or a worker thread is not one. Use {@link #current} to stay on the caller's duplicated context
 * (its locals carry the trace), {@link #fresh} for independent units of work that may run side by side (two sessions
 * must never share a context), and {@link #on} to come back to a context captured before work left it.
 */
public final class SafeContext {
    private SafeContext() {}

    /** The caller's duplicated Vert.x context, or a fresh one when there is none, marked safe for Hibernate Reactive. */
    public static Executor current(Vertx vertx) {
        Context current = Vertx.currentContext();
        return current != null && VertxContext.isDuplicatedContext(current) ? on(safe(current)) : fresh(vertx);
    }

    /** A new duplicated Vert.x context of its own, marked safe for Hibernate Reactive, whichever thread calls this. */
    public static Executor fresh(Vertx vertx) {
        return on(safe(VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext())));
    }

    /** Subscribes to {@code work} on a {@link #fresh} context: an independent unit of work. */
    public static <T> Uni<T> onFresh(Vertx vertx, Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(work::get).runSubscriptionOn(fresh(vertx));
    }

    /** Runs commands on {@code context}: back on the context a caller captured once a worker thread has answered. */
    public static Executor on(Context context) {
        return command -> context.runOnContext(ignored -> command.run());
    }

    private static Context safe(Context context) {
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }
}
