package dev.tandem.aws.cloudcontrol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Built-in checks of a desired state for common types: S3 public access and encryption, security groups open to the
 * world, unencrypted volumes and databases, IAM policies allowing every action. Types without rules have no findings.
 */
final class SecurityRules {

    private static final List<String> PUBLIC_ACCESS_FLAGS = List.of("BlockPublicAcls", "BlockPublicPolicy",
            "IgnorePublicAcls", "RestrictPublicBuckets");

    private SecurityRules() {
    }

    static List<Finding> evaluate(String typeName, Map<String, Object> state) {
        List<Finding> findings = new ArrayList<>();
        switch (typeName) {
            case "AWS::S3::Bucket" -> bucket(state, findings);
            case "AWS::EC2::SecurityGroup" -> securityGroup(state, findings);
            case "AWS::EC2::Volume" -> encrypted(state, "Encrypted", "ebs-unencrypted", findings);
            case "AWS::EC2::Instance" -> instanceVolumes(state, findings);
            case "AWS::RDS::DBInstance", "AWS::RDS::DBCluster" -> database(state, findings);
            case "AWS::DocDB::DBCluster" -> encrypted(state, "StorageEncrypted", "database-unencrypted", findings);
            case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group" -> inlinePolicies(state, findings);
            case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" ->
                    policy(state.get("PolicyDocument"), "/PolicyDocument", findings);
            default -> {
                // no built-in rules for this type
            }
        }
        return findings;
    }

    private static void bucket(Map<String, Object> state, List<Finding> findings) {
        Object block = state.get("PublicAccessBlockConfiguration");
        List<String> open = PUBLIC_ACCESS_FLAGS.stream()
                .filter(flag -> !(block instanceof Map<?, ?> b && Boolean.TRUE.equals(b.get(flag)))).toList();
        if (!open.isEmpty()) {
            findings.add(new Finding("s3-public-access", "HIGH", "/PublicAccessBlockConfiguration",
                    "Public access is not fully blocked (" + String.join(", ", open) + " not true): a bucket policy"
                            + " or ACL could expose objects to the internet."));
        }
        Object acl = state.get("AccessControl");
        if ("PublicRead".equals(acl) || "PublicReadWrite".equals(acl)) {
            findings.add(new Finding("s3-public-acl", "HIGH", "/AccessControl",
                    "The canned ACL " + acl + " lets anyone on the internet read" + ("PublicReadWrite".equals(acl)
                            ? " and write" : "") + " the bucket's objects."));
        }
        if (!(state.get("BucketEncryption") instanceof Map<?, ?>)) {
            findings.add(new Finding("s3-encryption", "MEDIUM", "/BucketEncryption",
                    "No default encryption is declared: objects rely on the account default (SSE-S3) instead of an"
                            + " explicit choice such as SSE-KMS with a key you control."));
        }
    }

    private static void securityGroup(Map<String, Object> state, List<Finding> findings) {
        if (!(state.get("SecurityGroupIngress") instanceof List<?> rules)) {
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            if (!(rules.get(i) instanceof Map<?, ?> rule)) {
                continue;
            }
            boolean world = "0.0.0.0/0".equals(rule.get("CidrIp")) || "::/0".equals(rule.get("CidrIpv6"));
            if (world) {
                String ports = "-1".equals(String.valueOf(rule.get("IpProtocol"))) ? "all ports"
                        : "ports " + rule.get("FromPort") + "-" + rule.get("ToPort");
                boolean web = isPort(rule, 80) || isPort(rule, 443);
                findings.add(new Finding("sg-open-to-world", web ? "LOW" : "HIGH", "/SecurityGroupIngress/" + i,
                        "Inbound " + ports + " are open to the whole internet" + (web
                                ? " (usual for a public web server, but make sure it is one)."
                                : ": restrict the source to the addresses that need it.")));
            }
        }
    }

    private static boolean isPort(Map<?, ?> rule, int port) {
        return String.valueOf(port).equals(String.valueOf(rule.get("FromPort")))
                && String.valueOf(port).equals(String.valueOf(rule.get("ToPort")));
    }

    private static void instanceVolumes(Map<String, Object> state, List<Finding> findings) {
        if (!(state.get("BlockDeviceMappings") instanceof List<?> mappings)) {
            return;
        }
        for (int i = 0; i < mappings.size(); i++) {
            if (mappings.get(i) instanceof Map<?, ?> m && m.get("Ebs") instanceof Map<?, ?> ebs
                    && !Boolean.TRUE.equals(ebs.get("Encrypted"))) {
                findings.add(new Finding("ebs-unencrypted", "HIGH", "/BlockDeviceMappings/" + i + "/Ebs/Encrypted",
                        "This EBS volume is not encrypted: its data and snapshots are readable by anyone who gets"
                                + " access to the storage."));
            }
        }
    }

    private static void database(Map<String, Object> state, List<Finding> findings) {
        encrypted(state, "StorageEncrypted", "database-unencrypted", findings);
        if (Boolean.TRUE.equals(state.get("PubliclyAccessible"))) {
            findings.add(new Finding("database-public", "HIGH", "/PubliclyAccessible",
                    "The database gets a public address: anyone on the internet can try to connect to it."));
        }
    }

    private static void encrypted(Map<String, Object> state, String property, String rule, List<Finding> findings) {
        if (!Boolean.TRUE.equals(state.get(property))) {
            findings.add(new Finding(rule, "HIGH", "/" + property, property + " is not true: the data at rest and"
                    + " its backups are stored unencrypted, and this cannot be changed after creation."));
        }
    }

    private static void inlinePolicies(Map<String, Object> state, List<Finding> findings) {
        if (state.get("Policies") instanceof List<?> policies) {
            for (int i = 0; i < policies.size(); i++) {
                if (policies.get(i) instanceof Map<?, ?> p) {
                    policy(p.get("PolicyDocument"), "/Policies/" + i + "/PolicyDocument", findings);
                }
            }
        }
    }

    private static void policy(Object document, String path, List<Finding> findings) {
        if (!(document instanceof Map<?, ?> d)) {
            return;
        }
        Object statements = d.get("Statement");
        List<?> list = statements instanceof List<?> l ? l : List.of(statements == null ? Map.of() : statements);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> s && "Allow".equals(s.get("Effect"))) {
                Object actions = s.get("Action");
                List<?> all = actions instanceof List<?> l ? l : List.of(String.valueOf(actions));
                if (all.contains("*")) {
                    findings.add(new Finding("iam-wildcard-action", "HIGH", path + "/Statement/" + i + "/Action",
                            "The policy allows every action (\"*\")" + ("*".equals(s.get("Resource"))
                                    ? " on every resource: full administrator access." : ": grant only the actions needed.")));
                } else if (all.stream().anyMatch(a -> String.valueOf(a).endsWith(":*"))) {
                    findings.add(new Finding("iam-service-wildcard", "MEDIUM", path + "/Statement/" + i + "/Action",
                            "The policy allows every action of a service (\"service:*\"), deletions included."));
                }
            }
        }
    }
}
