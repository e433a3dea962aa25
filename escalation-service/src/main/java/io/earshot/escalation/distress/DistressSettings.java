package io.earshot.escalation.distress;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** {@code earshot.distress.*}: help resources of distress cases (values and their variables in application.properties). */
@ConfigMapping(prefix = "earshot.distress")
public interface DistressSettings {
    /** JSON file of help resources and checklists; empty: the bundled {@code distress/signposts.json}. */
    Optional<String> signpostsFile();

    /** Region (ISO 3166 alpha-2) of distress cases. */
    String defaultRegion();

    /** Per brand regions, {@code brand:US,...}. */
    Optional<String> brandRegions();
}
