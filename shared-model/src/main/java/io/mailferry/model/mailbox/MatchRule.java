package io.mailferry.model.mailbox;

/** Rules for automatic mailbox matching, tried in this order. */
public enum MatchRule {
    /** Identical address (case-insensitive). */
    SAME_ADDRESS,
    /** Same local part across domains, e.g. anna@old.example → anna@new.example. */
    SAME_LOCAL_PART,
    /** Explicit domain mapping: local part kept, domain replaced by the mapped one. */
    DOMAIN_MAPPING
}
