package io.earshot.escalation.distress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.codec.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The help resources (signposts) and agent checklists of the distress lane, from a JSON file: the bundled
 * {@code distress/signposts.json} or {@code earshot.distress.signposts-file}. A resource applies to the regions
 * (ISO 3166 alpha-2, {@code *} = everywhere) and distress kinds ({@code *} = every kind) it lists; a case's region is
 * its brand's ({@code earshot.distress.brand-regions}, {@code brand:GB,...}) or {@code earshot.distress.default-region}.
 * The checklist of a kind is the {@code *} items followed by the kind's own.
 */
@ApplicationScoped
public class Signposts {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resource(String id, List<String> regions, List<String> kinds, String name, String contact, String url,
            String hours, String note) {}

    public record Item(String id, String text) {}

    private final List<Resource> resources;
    private final Map<String, List<Item>> checklists;
    private final Map<String, String> brandRegions;
    private final String defaultRegion;

    public Signposts(DistressSettings settings) {
        Optional<String> file = settings.signpostsFile();
        String defaultRegion = settings.defaultRegion();
        Optional<String> brandRegions = settings.brandRegions();
        JsonNode root = read(file.filter(f -> !f.isBlank()));
        this.resources = List.copyOf(EventCodec.mapper().convertValue(root.path("resources"),
                new TypeReference<List<Resource>>() {}));
        Map<String, List<Item>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("checklists").properties()) {
            lists.put(e.getKey(), List.copyOf(EventCodec.mapper().convertValue(e.getValue(),
                    new TypeReference<List<Item>>() {})));
        }
        this.checklists = Map.copyOf(lists);
        this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
        Map<String, String> regions = new HashMap<>();
        for (String part : brandRegions.orElse("").split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length == 2 && !kv[0].isBlank()) {
                regions.put(kv[0].trim(), kv[1].trim().toUpperCase(Locale.ROOT));
            }
        }
        this.brandRegions = Map.copyOf(regions);
    }

    private static JsonNode read(Optional<String> file) {
        try (InputStream in = file.isPresent()
                ? Files.newInputStream(Path.of(file.get()))
                : Signposts.class.getResourceAsStream("/distress/signposts.json")) {
            if (in == null) {
                throw new IllegalStateException("distress/signposts.json is missing");
            }
            return EventCodec.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the distress signposts " + file.orElse("(bundled)"), e);
        }
    }

    /** The region of a brand's cases. */
    public String regionOf(String brand) {
        return brandRegions.getOrDefault(brand, defaultRegion);
    }

    /**
     * The resources for a kind (null = every kind) in a region (null = every region), the region's own first,
     * then those for everywhere.
     */
    public List<Resource> find(String kind, String region) {
        String k = kind == null ? null : kind.toLowerCase(Locale.ROOT);
        String r = region == null ? null : region.toUpperCase(Locale.ROOT);
        List<Resource> own = new ArrayList<>();
        List<Resource> everywhere = new ArrayList<>();
        for (Resource res : resources) {
            if (k != null && !res.kinds().contains(k) && !res.kinds().contains("*")) {
                continue;
            }
            if (r == null || res.regions().contains(r)) {
                own.add(res);
            } else if (res.regions().contains("*")) {
                everywhere.add(res);
            }
        }
        own.addAll(everywhere);
        return own;
    }

    /** The checklist of a distress kind. */
    public List<Item> checklist(String kind) {
        List<Item> items = new ArrayList<>(checklists.getOrDefault("*", List.of()));
        if (kind != null) {
            for (Item i : checklists.getOrDefault(kind.toLowerCase(Locale.ROOT), List.of())) {
                if (items.stream().noneMatch(x -> x.id().equals(i.id()))) {
                    items.add(i);
                }
            }
        }
        return items;
    }
}
