package dev.tandem.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The configured backends, each behind its gate: the local one always, the provider unless TANDEM_PROVIDER=none. */
public record Backends(BackendGate local, Optional<BackendGate> provider) {

    public List<BackendGate> all() {
        List<BackendGate> all = new ArrayList<>();
        all.add(local);
        provider.ifPresent(all::add);
        return all;
    }

    /** The backend a model id names ({@code ollama/llama3.2}, {@code bedrock/...}); empty for unknown ids. */
    public Optional<BackendGate> byId(String id) {
        return all().stream().filter(g -> g.backend().id().equals(id)).findFirst();
    }
}
