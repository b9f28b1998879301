package dev.tandem.aws.cloudcontrol;

import java.util.Map;

import dev.tandem.tool.ToolArgumentReader;
import dev.tandem.tool.ToolException;

/** A Cloud Control tool call's arguments: the generic checks plus the resource type name. */
final class CallArguments extends ToolArgumentReader {

    CallArguments(Map<String, Object> values) {
        super(values);
    }

    String typeName() {
        String type = text("type_name");
        if (!type.matches("[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+")) {
            throw new ToolException("'" + type + "' is not a resource type name such as AWS::S3::Bucket.");
        }
        return type;
    }
}
