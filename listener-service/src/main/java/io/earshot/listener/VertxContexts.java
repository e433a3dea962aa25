package io.earshot.listener;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Hibernate Reactive needs a safe duplicated Vert.x context of its own for each independent unit of work. */
public final class VertxContexts {
    private VertxContexts() {
    }

    /** Runs {@code work} on a new safe duplicated context, whichever thread calls this. */
    public static <T> Uni<T> onNewContext(Vertx vertx, Supplier<Uni<T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().<T>emitter(em -> context.runOnContext(ignored -> work.get()
                .subscribe().with(em::complete, em::fail)));
    }
}
