package dev.tandem.aws.cloudcontrol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** {@code aws_get_session_info}: who Tandem acts as, where, and whether it may write; never a key or secret. */
public final class SessionTools {

    private final AwsClients clients;
    private final Optional<String> profile;
    private final boolean writesAllowed;

    public SessionTools(AwsClients clients, Optional<String> profile, boolean writesAllowed) {
        this.clients = clients;
        this.profile = profile;
        this.writesAllowed = writesAllowed;
    }

    public Map<String, Object> describe(Map<String, Object> arguments) {
        String region = clients.region(new CallArguments(arguments).optionalText("region"));
        GetCallerIdentityResponse identity = AwsCalls.run(() -> clients.in(region).sts().getCallerIdentity());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("account", identity.account());
        result.put("arn", identity.arn());
        result.put("user_id", identity.userId());
        result.put("region", region);
        result.put("profile", profile.orElse(null));
        result.put("writes_allowed", writesAllowed);
        return result;
    }
}
