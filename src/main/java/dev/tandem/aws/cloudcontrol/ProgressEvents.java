package dev.tandem.aws.cloudcontrol;

import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.services.cloudcontrol.model.OperationStatus;
import software.amazon.awssdk.services.cloudcontrol.model.ProgressEvent;

/** A Cloud Control ProgressEvent as tools report it, in snake_case, without the absent fields. */
final class ProgressEvents {

    private ProgressEvents() {
    }

    static Map<String, Object> describe(ProgressEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_token", event.requestToken());
        m.put("type_name", event.typeName());
        putIfPresent(m, "identifier", event.identifier());
        m.put("operation", event.operationAsString());
        m.put("status", event.operationStatusAsString());
        putIfPresent(m, "status_message", event.statusMessage());
        putIfPresent(m, "error_code", event.errorCodeAsString());
        putIfPresent(m, "event_time", event.eventTime() == null ? null : event.eventTime().toString());
        putIfPresent(m, "retry_after", event.retryAfter() == null ? null : event.retryAfter().toString());
        return m;
    }

    /** Cloud Control's own word for "still running". */
    static boolean finished(ProgressEvent event) {
        return event.operationStatus() != OperationStatus.IN_PROGRESS
                && event.operationStatus() != OperationStatus.PENDING
                && event.operationStatus() != OperationStatus.CANCEL_IN_PROGRESS;
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
