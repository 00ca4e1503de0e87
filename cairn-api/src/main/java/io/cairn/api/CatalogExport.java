package io.cairn.api;

import java.util.List;

/**
 * A logical export of the catalog ({@code GET /v1/export}): every instance of every namespace, as
 * reads show them, from every partition's leader. {@code cairn import} registers them again, on
 * the same cluster or another one (with any partition count).
 *
 * <p>Each service is exported as of one of its revisions; the export as a whole is not one
 * moment across services (writes go on while it is gathered).
 *
 * @param format {@link #FORMAT}; an importer refuses other formats
 * @param partitions how many partitions the exporting cluster has, for information
 * @param instances the instances, ordered by namespace, service and id
 */
public record CatalogExport(int format, int partitions, List<InstanceView> instances) {

    /** The format this build writes and reads. */
    public static final int FORMAT = 1;
}
