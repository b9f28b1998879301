package dev.tandem.llm.plan;

/** The steps a plan's rounds are made of, and the route each runs on. */
public final class Steps {

    public static final String LOCAL = "local";
    public static final String PROVIDER = "provider";
    /** the local model writing one answer from the local and the provider drafts */
    public static final String MERGE = "merge";
    /** minions: the local model reading a long context piece by piece before the provider answers from its extracts */
    public static final String READ = "read";

    private Steps() {
    }

    /** The route that runs a step: {@code direct:llm-local}. */
    static String endpoint(String step) {
        return "direct:llm-" + step;
    }
}
