package io.mailferry.service.engine;

/**
 * A source item the copy pipeline will send. {@code overwriteUid} is the pre-existing target item to delete first
 * (duplicate policy OVERWRITE), 0 for none.
 */
record CopyItem(ItemRef ref, long overwriteUid) {
}
