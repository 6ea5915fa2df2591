package io.granary.registry.metadata;

/**
 * A removal refused because the version was promoted into the repository: what a PromotionRule
 * released never changes or disappears there, whatever else the repository allows.
 */
public final class PromotedVersionException extends RuntimeException {

    private final String version;
    private final String rule;

    public PromotedVersionException(String version, String rule) {
        super("version " + version + " was promoted here by rule " + rule + " and cannot be removed");
        this.version = version;
        this.rule = rule;
    }

    public String version() {
        return version;
    }

    public String rule() {
        return rule;
    }
}
