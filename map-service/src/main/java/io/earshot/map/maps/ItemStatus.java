package io.earshot.map.maps;

/** ACTIVE items are on the map; REMOVED ones were taken off by an analyst and stay for the record. */
public enum ItemStatus {
    ACTIVE, REMOVED
}
