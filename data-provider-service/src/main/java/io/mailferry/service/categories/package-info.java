/**
 * Outlook categories for Microsoft 365 targets written over Exchange Online IMAP, which keeps no IMAP keywords: a
 * target decorator that sets an item's keywords as categories through Graph after the append and on later state syncs
 * (ADR 0008). May import the engine's ports, the Graph connector's public categories API and SLF4J; never the IMAP
 * connector (it decorates any target), the rest of the engine, the store or the api.
 */
package io.mailferry.service.categories;
