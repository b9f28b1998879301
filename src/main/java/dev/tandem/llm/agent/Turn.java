package dev.tandem.llm.agent;

/**
 * One model turn as a strategy asks for it: the model that answers ({@code tandem} for the pair under the request's
 * strategy, or one backend's id) and whether the tools are offered (without them the model can only answer).
 */
public record Turn(String model, boolean offerTools) {
}
