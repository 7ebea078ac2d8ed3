package io.mailferry.service.engine;

import io.mailferry.service.engine.port.ItemRef;

/**
 * A source item the copy pipeline will send. {@code overwrite} is the id of the pre-existing target item to delete
 * first (duplicate policy OVERWRITE), null for none.
 */
record CopyItem(ItemRef ref, String overwrite) {
}
