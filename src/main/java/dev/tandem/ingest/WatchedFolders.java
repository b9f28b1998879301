package dev.tandem.ingest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The watched folders, as {@code GET /api/ingest/status} shows them: whether this Tandem watches each one or stands by
 * while another Tandem does (replicas that share an inbox). The holder is the one named when this Tandem started: the
 * lock file is not read again, since closing a file the process has locked would end its own lock.
 */
public final class WatchedFolders {

    private record Folder(Path path, String routeId, String heldBy) {
    }

    private final Predicate<String> routeStarted;
    private final List<Folder> folders = new CopyOnWriteArrayList<>();

    /** {@code routeStarted} tells whether a folder's route runs, which is whether this Tandem watches the folder. */
    public WatchedFolders(Predicate<String> routeStarted) {
        this.routeStarted = routeStarted;
    }

    void add(Path folder, String routeId, String heldBy) {
        folders.add(new Folder(folder, routeId, heldBy));
    }

    /** Each folder: its path, whether this Tandem watches it, and, while it does not, who held it at the start. */
    public List<Map<String, Object>> states() {
        return folders.stream().map(f -> {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("folder", f.path().toString());
            boolean watching = routeStarted.test(f.routeId());
            state.put("watching", watching);
            if (!watching && f.heldBy() != null) {
                state.put("held_by", f.heldBy());
            }
            return state;
        }).toList();
    }
}
