package io.earshot.escalation.crm;

import io.earshot.contracts.events.Author;
import io.earshot.escalation.audit.AuditLog;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The CRM profile store. Upserts are keyed by customer id and handles by (network, handle), so importing the same
 * file twice, or moving a handle to another customer, never leaves duplicates. A handle attached by an identity link
 * ({@link CustomerLinks}) is left where the link put it: imports neither move nor delete it.
 */
@ApplicationScoped
public class CustomerService {
    private static final String UPSERT = """
            insert into customers (id, name, tier, lifetime_value, press, updated_at) values (?1, ?2, ?3, ?4, ?5, now())
            on conflict (id) do update set name = excluded.name, tier = excluded.tier,
                   lifetime_value = excluded.lifetime_value, press = excluded.press, updated_at = now()""";
    private static final String HANDLE = """
            insert into customer_handles (network, handle, customer_id, reply_handle) values (?1, ?2, ?3, ?4)
            on conflict (network, handle) do update set customer_id = excluded.customer_id,
                   reply_handle = excluded.reply_handle
            where customer_handles.link_id is null""";

    private final AuditLog audit;

    public CustomerService(AuditLog audit) {
        this.audit = audit;
    }

    @WithTransaction
    public Uni<Integer> upsert(List<CustomerRecord> records, String actor) {
        return Panache.getSession().flatMap(s -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (CustomerRecord r : records) {
                chain = chain.flatMap(v -> upsertOne(s, r)).flatMap(v -> audit.record(s, actor, "customer.upserted",
                        "customer", r.id(), null, r));
            }
            return chain.replaceWith(records.size());
        });
    }

    private Uni<Void> upsertOne(Mutiny.Session s, CustomerRecord r) {
        Uni<?> chain = s.createNativeQuery(UPSERT)
                .setParameter(1, r.id()).setParameter(2, r.name()).setParameter(3, r.tier() == null
                        ? "standard"
                        : r.tier())
                .setParameter(4, r.lifetimeValue() == null ? 0.0 : r.lifetimeValue())
                .setParameter(5, r.press() != null && r.press())
                .executeUpdate()
                .flatMap(n -> s.createNativeQuery(
                        "delete from customer_handles where customer_id = ?1 and link_id is null")
                        .setParameter(1, r.id()).executeUpdate());
        for (CustomerRecord.Handle h : r.handles()) {
            chain = chain.flatMap(n -> s.createNativeQuery(HANDLE).setParameter(1, h.network())
                    .setParameter(2, CustomerRecord.normalise(h.handle())).setParameter(3, r.id()).setParameter(4, h
                            .reply())
                    .executeUpdate());
        }
        return chain.replaceWithVoid();
    }

    @WithSession
    public Uni<CustomerRecord> get(String id) {
        return Panache.getSession().flatMap(s -> byId(s, id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("customer " + id));
    }

    /** The customer a mention author is linked to on {@code network} (by handle or author id), or null. */
    public Uni<CustomerRecord> forAuthor(Mutiny.Session s, String network, Author author) {
        if (author == null) {
            return Uni.createFrom().nullItem();
        }
        return s.createNativeQuery(
                "select customer_id from customer_handles where network = ?1 and handle in (?2, ?3) limit 1",
                String.class)
                .setParameter(1, network)
                .setParameter(2, String.valueOf(CustomerRecord.normalise(author.handle())))
                .setParameter(3, String.valueOf(CustomerRecord.normalise(author.id())))
                .getResultList()
                .flatMap(ids -> ids.isEmpty() ? Uni.createFrom().nullItem() : byId(s, ids.get(0)));
    }

    public Uni<CustomerRecord> byId(Mutiny.Session s, String id) {
        return s.createNativeQuery(
                "select id, name, tier, lifetime_value, press, merged_into from customers where id = ?1",
                Object[].class)
                .setParameter(1, id).getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    Object[] c = rows.get(0);
                    return s.createNativeQuery("select network, handle, reply_handle, cast(link_id as varchar)"
                            + " from customer_handles where customer_id = ?1"
                            + " order by network, handle", Object[].class)
                            .setParameter(1, id).getResultList()
                            .map(hs -> {
                                List<CustomerRecord.Handle> handles = new ArrayList<>();
                                hs.forEach(h -> handles.add(new CustomerRecord.Handle((String) h[0], (String) h[1],
                                        (String) h[2],
                                        (String) h[3])));
                                return new CustomerRecord((String) c[0], (String) c[1], (String) c[2],
                                        ((Number) c[3]).doubleValue(), (Boolean) c[4], handles, (String) c[5]);
                            });
                });
    }
}
