package io.earshot.escalation.cases;

import io.earshot.escalation.cases.CaseContext.RelatedCrisis;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The brand's open crisis for a case's context: a read-only query of the {@code crises} table that crisis detection
 * (issue #6) owns, expected as {@code crises(id, brand, topic, severity, state, ...)} with state OPEN/UPDATED/RESOLVED.
 * While that table does not exist, or has another shape, the related crisis is simply null.
 */
@ApplicationScoped
public class RelatedCrises {
    private static final String QUERY = """
            select cast(id as varchar), cast(topic as varchar), cast(severity as varchar), cast(state as varchar)
            from crises where brand = ?1 and state <> 'RESOLVED' limit 1""";

    public Uni<RelatedCrisis> openFor(Mutiny.Session s, String brand) {
        return s.createNativeQuery("select to_regclass('crises') is not null", Boolean.class).getSingleResult()
                .flatMap(exists -> !exists ? Uni.createFrom().<RelatedCrisis>nullItem()
                        : s.createNativeQuery(QUERY, Object[].class).setParameter(1, brand).getResultList()
                                .map(rows -> rows.isEmpty() ? null : new RelatedCrisis((String) rows.get(0)[0],
                                        (String) rows.get(0)[1], (String) rows.get(0)[2], (String) rows.get(0)[3])))
                .onFailure().recoverWithNull();
    }
}
