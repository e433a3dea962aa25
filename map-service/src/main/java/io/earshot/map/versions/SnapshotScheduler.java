package io.earshot.map.versions;

import io.earshot.platform.vertx.SafeContext;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Takes a SCHEDULED snapshot of every map that has items, on {@code earshot.maps.snapshot-cron} (Quartz cron, daily
 * at 03:00 UTC by default; {@code off} disables it).
 */
@ApplicationScoped
public class SnapshotScheduler {
    private static final Logger LOG = Logger.getLogger(SnapshotScheduler.class);

    private final VersionStore versions;
    private final Vertx vertx;

    public SnapshotScheduler(VersionStore versions, Vertx vertx) {
        this.versions = versions;
        this.vertx = vertx;
    }

    @Scheduled(identity = "map-snapshots", cron = "{earshot.maps.snapshot-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int taken = snapshotAll().await().atMost(Duration.ofMinutes(10));
        LOG.infof("scheduled snapshot of %d maps", taken);
    }

    /**
     * Snapshots every map with items that has no SCHEDULED version of today yet, one transaction each; the number of
     * snapshots taken. Every replica runs the schedule; the first to reach a map takes its snapshot.
     */
    public Uni<Integer> snapshotAll() {
        return Uni.createFrom().deferred(versions::mapsWithItems)
                .runSubscriptionOn(SafeContext.current(vertx))
                .onItem().transformToMulti(maps -> Multi.createFrom().iterable(maps))
                .onItem().transformToUniAndConcatenate((List<String> map) -> versions
                        .scheduledSnapshot(map.get(0), map.get(1)).map(taken -> taken == null ? 0 : 1))
                .collect().asList()
                .map(taken -> taken.stream().mapToInt(Integer::intValue).sum());
    }
}
