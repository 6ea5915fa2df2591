package io.granary.registry.auth;

/** What a request wants to do to a repository. */
public enum Action {
    READ(Role.READER), WRITE(Role.WRITER), DELETE(Role.WRITER), ADMIN(Role.ADMIN);

    private final Role needs;

    Action(Role needs) {
        this.needs = needs;
    }

    public Role needs() {
        return needs;
    }
}
