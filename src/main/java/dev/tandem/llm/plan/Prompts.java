package dev.tandem.llm.plan;

import java.util.ArrayList;
import java.util.List;

import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;

/** The prompts Tandem adds: document context, the local-first check instruction, and the fuse merge. */
final class Prompts {

    private Prompts() {
    }

    /** The caller's conversation with the passages as a system message after the caller's own system messages. */
    static ChatPrompt grounded(ChatPrompt prompt, List<Passage> passages) {
        if (passages.isEmpty()) {
            return prompt;
        }
        StringBuilder context = new StringBuilder("Use the numbered passages below from the user's documents when"
                + " they are relevant, and cite them as [n]. If they do not contain the answer, say so and answer"
                + " from general knowledge.\n");
        for (Passage p : passages) {
            context.append("\n[").append(p.n()).append("] ").append(p.title() == null ? p.source() : p.title())
                    .append(" (").append(p.source()).append(")\n").append(p.text()).append('\n');
        }
        return withSystem(prompt, context.toString());
    }

    static ChatPrompt localFirst(ChatPrompt prompt) {
        return withSystem(prompt, AnswerCheck.INSTRUCTION);
    }

    /** Mixture-of-agents style: the local model writes one answer from both drafts. */
    static ChatPrompt merge(ChatPrompt original, String question, String localDraft, String providerDraft) {
        String instruction = "You combine two draft answers to the same question into one final answer. Keep what is"
                + " correct and complete in either draft, drop repetition, keep citations like [n]. Where the drafts"
                + " contradict each other, prefer the one supported by the cited passages; if neither is, say that"
                + " the sources disagree. Reply with the final answer only.";
        String drafts = "Question:\n" + question + "\n\nDraft A:\n" + localDraft + "\n\nDraft B:\n" + providerDraft;
        return new ChatPrompt(List.of(ChatMessage.system(instruction), ChatMessage.user(drafts)),
                original.maxTokens(), original.temperature());
    }

    private static ChatPrompt withSystem(ChatPrompt prompt, String text) {
        List<ChatMessage> messages = new ArrayList<>();
        int insertAt = 0;
        while (insertAt < prompt.messages().size() && "system".equals(prompt.messages().get(insertAt).role())) {
            insertAt++;
        }
        messages.addAll(prompt.messages().subList(0, insertAt));
        messages.add(ChatMessage.system(text));
        messages.addAll(prompt.messages().subList(insertAt, prompt.messages().size()));
        return prompt.withMessages(messages);
    }
}
