package io.earshot.escalation.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.escalation.audit.AuditLog;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Identity links: an author on one network linked to a customer, reversibly. Linking a handle nobody holds attaches it
 * to the customer; linking a handle another customer holds merges that customer in: all its handles move over (each
 * keeping its own network and reply handle), the absorbed record stays with {@code mergedInto} set, and the link keeps
 * a snapshot of the moved rows. Unlinking removes what the link attached and, for a merge, restores the absorbed
 * customer's handles from the snapshot and clears {@code mergedInto}, so both records read exactly as before. Every
 * link and unlink is audited (before and after of each record) in the same transaction.
 */
@ApplicationScoped
public class CustomerLinks {
    /** A link as listed; {@code removedAt} is set once it was undone. */
    public record Link(UUID id, String customerId, String network, String handle, String replyHandle,
            String mergedCustomerId, String createdBy, Instant createdAt, String removedBy, Instant removedAt) {}

    private static final TypeReference<List<CustomerRecord.Handle>> HANDLES = new TypeReference<>() {};
    private static final String LINK_COLUMNS = """
            select id, customer_id, network, handle, merged_customer_id, moved_handles, created_by, created_at,
                   removed_by, removed_at, reply_handle from customer_links""";

    private final CustomerService customers;
    private final AuditLog audit;
    private final Clock clock;

    public CustomerLinks(CustomerService customers, AuditLog audit, Clock clock) {
        this.customers = customers;
        this.audit = audit;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Link> link(String customerId, CustomerRecord.Handle request, String actor) {
        String network = request.network();
        String handle = CustomerRecord.normalise(request.handle());
        UUID linkId = UUID.randomUUID();
        Instant now = clock.instant();
        return Panache.getSession().flatMap(s -> live(s, customerId).flatMap(before -> s.createNativeQuery(
                "select customer_id from customer_handles where network = ?1 and handle = ?2 for update", String.class)
                .setParameter(1, network).setParameter(2, handle).getResultList()
                .flatMap(owners -> {
                    String owner = owners.isEmpty() ? null : owners.get(0);
                    if (customerId.equals(owner)) {
                        throw ProblemException.conflict(network + " handle " + handle + " already belongs to customer "
                                + customerId);
                    }
                    Uni<Link> linked = owner == null
                            ? attach(s, linkId, customerId, network, handle, request.reply(), actor, now)
                            : merge(s, linkId, customerId, owner, network, handle, request.replyHandle(), actor, now);
                    return linked.flatMap(link -> customers.byId(s, customerId)
                            .flatMap(after -> audit.record(s, actor, "customer.linked", "customer", customerId, before,
                                    after))
                            .replaceWith(link));
                })));
    }

    private Uni<Link> attach(Mutiny.Session s, UUID linkId, String customerId, String network, String handle,
            String reply,
            String actor, Instant now) {
        return s.createNativeQuery("insert into customer_handles (network, handle, customer_id, reply_handle, link_id)"
                + " values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, network).setParameter(2, handle).setParameter(3, customerId).setParameter(4, reply)
                .setParameter(5, linkId).executeUpdate()
                .flatMap(n -> insertLink(s, new Link(linkId, customerId, network, handle, reply, null, actor, now, null,
                        null),
                        List.of()));
    }

    private Uni<Link> merge(Mutiny.Session s, UUID linkId, String customerId, String absorbed, String network,
            String handle,
            String reply, String actor, Instant now) {
        return customers.byId(s, absorbed).flatMap(before -> {
            String replyTo = reply != null && !reply.isBlank()
                    ? reply.trim()
                    : before.handles().stream()
                            .filter(h -> h.network().equals(network) && h.handle().equals(handle))
                            .map(CustomerRecord.Handle::reply).findFirst().orElse(handle);
            Link link = new Link(linkId, customerId, network, handle, replyTo, absorbed, actor, now, null, null);
            return insertLink(s, link, before.handles())
                    .flatMap(l -> s.createNativeQuery(
                            "update customer_handles set customer_id = ?1, link_id = ?2 where customer_id = ?3")
                            .setParameter(1, customerId).setParameter(2, linkId).setParameter(3, absorbed)
                            .executeUpdate())
                    // The handle named by the link takes the reply spelling given with it, if any.
                    .flatMap(n -> s.createNativeQuery(
                            "update customer_handles set reply_handle = ?1 where network = ?2 and handle = ?3")
                            .setParameter(1, replyTo).setParameter(2, network).setParameter(3, handle).executeUpdate())
                    .flatMap(n -> s.createNativeQuery("update customers set merged_into = ?1 where id = ?2")
                            .setParameter(1, customerId).setParameter(2, absorbed).executeUpdate())
                    .flatMap(n -> customers.byId(s, absorbed))
                    .flatMap(after -> audit.record(s, actor, "customer.merged", "customer", absorbed, before, after))
                    .replaceWith(link);
        });
    }

    private Uni<Link> insertLink(Mutiny.Session s, Link l, List<CustomerRecord.Handle> moved) {
        return s.createNativeQuery(
                """
                        insert into customer_links (id, customer_id, network, handle, merged_customer_id, moved_handles, created_by,
                                                    created_at, reply_handle) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""")
                .setParameter(1, l.id()).setParameter(2, l.customerId()).setParameter(3, l.network())
                .setParameter(4, l.handle()).setParameter(5, l.mergedCustomerId()).setParameter(6, AuditLog.json(moved))
                .setParameter(7, l.createdBy()).setParameter(8, l.createdAt().atOffset(ZoneOffset.UTC)).setParameter(9,
                        l.replyHandle())
                .executeUpdate().replaceWith(l);
    }

    @WithTransaction
    public Uni<Link> unlink(String customerId, UUID linkId, String actor) {
        Instant now = clock.instant();
        return Panache.getSession().flatMap(s -> s.createNativeQuery(LINK_COLUMNS
                + " where id = ?1 and customer_id = ?2 and removed_at is null for update", Object[].class)
                .setParameter(1, linkId).setParameter(2, customerId).getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("active link " + linkId + " of customer " + customerId);
                    }
                    Object[] row = rows.get(0);
                    Link link = view(row);
                    List<CustomerRecord.Handle> moved = handles((String) row[5]);
                    return live(s, customerId).flatMap(before -> s.createNativeQuery(
                            "delete from customer_handles where link_id = ?1 and customer_id = ?2")
                            .setParameter(1, linkId).setParameter(2, customerId).executeUpdate()
                            .flatMap(n -> link.mergedCustomerId() == null
                                    ? Uni.createFrom().voidItem()
                                    : restore(s, link.mergedCustomerId(), moved, actor))
                            .flatMap(v -> s.createNativeQuery(
                                    "update customer_links set removed_by = ?1, removed_at = ?2 where id = ?3")
                                    .setParameter(1, actor).setParameter(2, now.atOffset(ZoneOffset.UTC)).setParameter(
                                            3, linkId)
                                    .executeUpdate())
                            .flatMap(n -> customers.byId(s, customerId))
                            .flatMap(after -> audit.record(s, actor, "customer.unlinked", "customer", customerId,
                                    before, after))
                            .replaceWith(new Link(link.id(), link.customerId(), link.network(), link.handle(), link
                                    .replyHandle(),
                                    link.mergedCustomerId(), link.createdBy(), link.createdAt(), actor, now)));
                }));
    }

    /** Gives the absorbed customer its handles back as they were (rows that an import moved since are left alone). */
    private Uni<Void> restore(Mutiny.Session s, String absorbed, List<CustomerRecord.Handle> moved, String actor) {
        return customers.byId(s, absorbed).flatMap(before -> {
            Uni<?> chain = Uni.createFrom().voidItem();
            for (CustomerRecord.Handle h : moved) {
                chain = chain.flatMap(x -> s.createNativeQuery("""
                        insert into customer_handles (network, handle, customer_id, reply_handle, link_id)
                        values (?1, ?2, ?3, ?4, ?5) on conflict (network, handle) do nothing""")
                        .setParameter(1, h.network()).setParameter(2, h.handle()).setParameter(3, absorbed)
                        .setParameter(4, h.reply()).setParameter(5, h.linkId() == null
                                ? null
                                : UUID.fromString(h.linkId()))
                        .executeUpdate());
            }
            return chain.flatMap(x -> s.createNativeQuery("update customers set merged_into = null where id = ?1")
                    .setParameter(1, absorbed).executeUpdate())
                    .flatMap(n -> customers.byId(s, absorbed))
                    .flatMap(after -> audit.record(s, actor, "customer.unmerged", "customer", absorbed, before, after));
        });
    }

    @WithSession
    public Uni<List<Link>> list(String customerId) {
        return Panache.getSession().flatMap(s -> customers.byId(s, customerId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("customer " + customerId))
                .flatMap(c -> s.createNativeQuery(LINK_COLUMNS + " where customer_id = ?1 order by created_at, id",
                        Object[].class)
                        .setParameter(1, customerId).getResultList()))
                .map(rows -> rows.stream().map(CustomerLinks::view).toList());
    }

    /** The customer, which must exist and not be merged into another one. */
    private Uni<CustomerRecord> live(Mutiny.Session s, String customerId) {
        return customers.byId(s, customerId).map(c -> {
            if (c == null) {
                throw ProblemException.notFound("customer " + customerId);
            }
            if (c.mergedInto() != null) {
                throw ProblemException.conflict("customer " + customerId + " is merged into " + c.mergedInto()
                        + "; unlink that first");
            }
            return c;
        });
    }

    private static Link view(Object[] r) {
        return new Link((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[10], (String) r[4],
                (String) r[6], SqlValues.instant(r[7]),
                (String) r[8], SqlValues.instant(r[9]));
    }

    private static List<CustomerRecord.Handle> handles(String json) {
        try {
            return EventCodec.mapper().readValue(json, HANDLES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable moved handles of a customer link", e);
        }
    }
}
