package io.granary.registry.auth;

/** The verdict on one request: allowed, needs credentials (401) or forbidden (403). */
public enum AccessDecision {
    ALLOW, CHALLENGE, FORBIDDEN
}
