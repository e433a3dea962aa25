package io.earshot.escalation.cases;

import io.earshot.escalation.cases.CaseContext.RelatedCrisis;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The brand's open crisis for a case's context, read when the case is: from the {@code crises} table of crisis
 * detection (V20), at most one open crisis per brand and topic. Where several are open, the brand-wide one
 * (topic '') comes first, then the most severe, then the latest.
 */
@ApplicationScoped
public class RelatedCrises {
    private static final String QUERY = """
            select cast(id as varchar), cast(topic as varchar), cast(severity as varchar), cast(state as varchar)
            from crises where brand = ?1 and state <> 'RESOLVED'
            order by (topic = '') desc,
                     case severity when 'CRITICAL' then 4 when 'HIGH' then 3 when 'MEDIUM' then 2 else 1 end desc,
                     opened_at desc
            limit 1""";

    public Uni<RelatedCrisis> openFor(Mutiny.Session s, String brand) {
        return s.createNativeQuery(QUERY, Object[].class).setParameter(1, brand).getResultList()
                .map(rows -> rows.isEmpty()
                        ? null
                        : new RelatedCrisis((String) rows.get(0)[0],
                                (String) rows.get(0)[1], (String) rows.get(0)[2], (String) rows.get(0)[3]));
    }
}
