package dev.tandem.workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.tandem.tool.ToolException;
import org.apache.camel.Body;

/**
 * The workspace tools: {@code workspace_inventory} and the backups ({@code backup_create}, {@code backup_file},
 * {@code backup_list}, {@code backup_restore}), all confined to the workspace root. A {@link WorkspaceException}
 * (a path outside the root, an unknown backup) becomes a tool error the caller can act on.
 */
public final class WorkspaceTools {

    private final Path root;
    private final Backups backups;

    public WorkspaceTools(Path root, List<String> essentialPaths) {
        this.root = root;
        this.backups = new Backups(root, essentialPaths);
    }

    /** {@code root} (optional) is a folder inside the workspace; the files are written into the scanned folder. */
    public InventoryReport inventory(@Body Map<String, Object> arguments) {
        return guarded(() -> {
            String folder = (String) arguments.get("root");
            Path scanned = folder == null ? root : new WorkspaceBoundary(root).resolve(folder);
            return new WorkspaceInventory(scanned).scan();
        });
    }

    public BackupSet create() {
        return guarded(backups::create);
    }

    public Snapshot snapshot(@Body Map<String, Object> arguments) {
        return guarded(() -> backups.snapshotFile((String) arguments.get("path")));
    }

    public Map<String, Object> list() {
        return guarded(() -> Map.of("backups", backups.list()));
    }

    public RestoreResult restore(@Body Map<String, Object> arguments) {
        return guarded(() -> backups.restore((String) arguments.get("backup_id"),
                Optional.ofNullable((String) arguments.get("path"))));
    }

    private static <T> T guarded(Supplier<T> action) {
        try {
            return action.get();
        } catch (WorkspaceException e) {
            throw new ToolException(e.getMessage());
        }
    }
}
