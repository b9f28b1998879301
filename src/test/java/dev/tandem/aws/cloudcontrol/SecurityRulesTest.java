package dev.tandem.aws.cloudcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The findings a person sees before a write: which rule, how bad, where in the desired state, and why. */
class SecurityRulesTest {

    private static final Map<String, Object> BLOCKED = Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
            "IgnorePublicAcls", true, "RestrictPublicBuckets", true);
    private static final Map<String, Object> ENCRYPTION = Map.of("ServerSideEncryptionConfiguration", List.of());

    @Test
    void should_find_nothing_wrong_with_a_locked_down_encrypted_bucket() {
        assertThat(SecurityRules.evaluate("AWS::S3::Bucket", Map.of("PublicAccessBlockConfiguration", BLOCKED,
                "BucketEncryption", ENCRYPTION, "AccessControl", "Private"))).isEmpty();
    }

    @Test
    void should_flag_a_bare_bucket_for_public_access_and_missing_encryption() {
        List<Finding> findings = SecurityRules.evaluate("AWS::S3::Bucket", Map.of());

        assertThat(findings).extracting(Finding::rule, Finding::severity, Finding::path).containsExactly(
                tuple("s3-public-access", "HIGH", "/PublicAccessBlockConfiguration"),
                tuple("s3-encryption", "MEDIUM", "/BucketEncryption"));
        assertThat(findings.get(0).explanation()).contains("BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls,"
                + " RestrictPublicBuckets not true");
    }

    @Test
    void should_name_only_the_public_access_flags_left_open() {
        List<Finding> findings = SecurityRules.evaluate("AWS::S3::Bucket", Map.of("BucketEncryption", ENCRYPTION,
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", "true",
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", false)));

        assertThat(findings).singleElement().extracting(Finding::explanation).asString()
                .startsWith("Public access is not fully blocked (BlockPublicPolicy, RestrictPublicBuckets not true)");
    }

    @Test
    void should_flag_a_public_read_acl_and_say_anyone_can_read() {
        List<Finding> findings = SecurityRules.evaluate("AWS::S3::Bucket", Map.of("PublicAccessBlockConfiguration",
                BLOCKED, "BucketEncryption", ENCRYPTION, "AccessControl", "PublicRead"));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("s3-public-acl");
            assertThat(f.severity()).isEqualTo("HIGH");
            assertThat(f.path()).isEqualTo("/AccessControl");
            assertThat(f.explanation()).isEqualTo("The canned ACL PublicRead lets anyone on the internet read the"
                    + " bucket's objects.");
        });
    }

    @Test
    void should_say_anyone_can_also_write_under_a_public_read_write_acl() {
        List<Finding> findings = SecurityRules.evaluate("AWS::S3::Bucket", Map.of("PublicAccessBlockConfiguration",
                BLOCKED, "BucketEncryption", ENCRYPTION, "AccessControl", "PublicReadWrite"));

        assertThat(findings).singleElement().extracting(Finding::explanation).isEqualTo("The canned ACL"
                + " PublicReadWrite lets anyone on the internet read and write the bucket's objects.");
    }

    @Test
    void should_rate_ssh_open_to_the_world_high_and_point_at_the_rule() {
        List<Finding> findings = SecurityRules.evaluate("AWS::EC2::SecurityGroup", Map.of("SecurityGroupIngress",
                List.of(Map.of("CidrIp", "10.0.0.0/8", "IpProtocol", "tcp", "FromPort", 22, "ToPort", 22),
                        Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", "tcp", "FromPort", 22, "ToPort", 22))));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("sg-open-to-world");
            assertThat(f.severity()).isEqualTo("HIGH");
            assertThat(f.path()).isEqualTo("/SecurityGroupIngress/1");
            assertThat(f.explanation()).isEqualTo("Inbound ports 22-22 are open to the whole internet: restrict"
                    + " the source to the addresses that need it.");
        });
    }

    @Test
    void should_rate_https_open_to_the_world_low_as_usual_for_a_web_server() {
        List<Finding> findings = SecurityRules.evaluate("AWS::EC2::SecurityGroup", Map.of("SecurityGroupIngress",
                List.of(Map.of("CidrIpv6", "::/0", "IpProtocol", "tcp", "FromPort", 443, "ToPort", 443),
                        Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", "tcp", "FromPort", "80", "ToPort", "80"))));

        assertThat(findings).extracting(Finding::severity, Finding::path).containsExactly(
                tuple("LOW", "/SecurityGroupIngress/0"), tuple("LOW", "/SecurityGroupIngress/1"));
        assertThat(findings.get(0).explanation()).isEqualTo("Inbound ports 443-443 are open to the whole internet"
                + " (usual for a public web server, but make sure it is one).");
    }

    @Test
    void should_rate_a_range_that_starts_at_a_web_port_high() {
        List<Finding> findings = SecurityRules.evaluate("AWS::EC2::SecurityGroup", Map.of("SecurityGroupIngress",
                List.of(Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", "tcp", "FromPort", 80, "ToPort", 8080),
                        Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", "tcp", "FromPort", 1, "ToPort", 443))));

        assertThat(findings).extracting(Finding::severity).containsExactly("HIGH", "HIGH");
    }

    @Test
    void should_say_all_ports_when_every_protocol_is_open() {
        List<Finding> findings = SecurityRules.evaluate("AWS::EC2::SecurityGroup", Map.of("SecurityGroupIngress",
                List.of("not a rule", Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", -1))));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("/SecurityGroupIngress/1");
            assertThat(f.explanation()).startsWith("Inbound all ports are open to the whole internet:");
        });
    }

    @Test
    void should_find_nothing_in_a_security_group_without_ingress_rules() {
        assertThat(SecurityRules.evaluate("AWS::EC2::SecurityGroup", Map.of("GroupDescription", "x"))).isEmpty();
    }

    @Test
    void should_flag_an_unencrypted_volume_and_accept_an_encrypted_one() {
        assertThat(SecurityRules.evaluate("AWS::EC2::Volume", Map.of("Size", 8)))
                .extracting(Finding::rule, Finding::severity, Finding::path)
                .containsExactly(tuple("ebs-unencrypted", "HIGH", "/Encrypted"));
        assertThat(SecurityRules.evaluate("AWS::EC2::Volume", Map.of("Encrypted", true))).isEmpty();
    }

    @Test
    void should_explain_that_encryption_cannot_be_added_later() {
        assertThat(SecurityRules.evaluate("AWS::DocDB::DBCluster", Map.of("StorageEncrypted", false)))
                .singleElement().satisfies(f -> {
                    assertThat(f.rule()).isEqualTo("database-unencrypted");
                    assertThat(f.path()).isEqualTo("/StorageEncrypted");
                    assertThat(f.explanation()).isEqualTo("StorageEncrypted is not true: the data at rest and its"
                            + " backups are stored unencrypted, and this cannot be changed after creation.");
                });
    }

    @Test
    void should_point_at_each_unencrypted_ebs_volume_of_an_instance() {
        List<Finding> findings = SecurityRules.evaluate("AWS::EC2::Instance", Map.of("BlockDeviceMappings", List.of(
                Map.of("DeviceName", "/dev/xvda", "Ebs", Map.of("Encrypted", true)),
                Map.of("DeviceName", "/dev/xvdb", "Ebs", Map.of("VolumeSize", 100)),
                Map.of("DeviceName", "/dev/xvdc", "VirtualName", "ephemeral0"))));

        assertThat(findings).extracting(Finding::rule, Finding::path)
                .containsExactly(tuple("ebs-unencrypted", "/BlockDeviceMappings/1/Ebs/Encrypted"));
        assertThat(SecurityRules.evaluate("AWS::EC2::Instance", Map.of("ImageId", "ami-1"))).isEmpty();
    }

    @Test
    void should_flag_a_public_unencrypted_database_twice() {
        for (String type : List.of("AWS::RDS::DBInstance", "AWS::RDS::DBCluster")) {
            assertThat(SecurityRules.evaluate(type, Map.of("PubliclyAccessible", true)))
                    .extracting(Finding::rule, Finding::severity, Finding::path).as(type).containsExactly(
                            tuple("database-unencrypted", "HIGH", "/StorageEncrypted"),
                            tuple("database-public", "HIGH", "/PubliclyAccessible"));
            assertThat(SecurityRules.evaluate(type, Map.of("StorageEncrypted", true, "PubliclyAccessible", false)))
                    .as(type).isEmpty();
        }
    }

    @Test
    void should_call_an_allow_all_on_every_resource_full_administrator_access() {
        Map<String, Object> admin = Map.of("Statement", List.of(
                Map.of("Effect", "Allow", "Action", "s3:GetObject", "Resource", "*"),
                Map.of("Effect", "Allow", "Action", "*", "Resource", "*")));

        List<Finding> findings = SecurityRules.evaluate("AWS::IAM::ManagedPolicy", Map.of("PolicyDocument", admin));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("iam-wildcard-action");
            assertThat(f.severity()).isEqualTo("HIGH");
            assertThat(f.path()).isEqualTo("/PolicyDocument/Statement/1/Action");
            assertThat(f.explanation()).isEqualTo("The policy allows every action (\"*\") on every resource: full"
                    + " administrator access.");
        });
    }

    @Test
    void should_ask_for_only_the_needed_actions_when_all_are_allowed_on_some_resources() {
        Map<String, Object> document = Map.of("Statement", Map.of("Effect", "Allow", "Action", List.of("*"),
                "Resource", "arn:aws:s3:::logs/*"));

        assertThat(SecurityRules.evaluate("AWS::IAM::Policy", Map.of("PolicyDocument", document)))
                .singleElement().satisfies(f -> {
                    assertThat(f.path()).isEqualTo("/PolicyDocument/Statement/0/Action");
                    assertThat(f.explanation()).isEqualTo("The policy allows every action (\"*\"): grant only the"
                            + " actions needed.");
                });
    }

    @Test
    void should_rate_a_service_wide_wildcard_medium() {
        Map<String, Object> document = Map.of("Statement", List.of(Map.of("Effect", "Allow",
                "Action", List.of("s3:GetObject", "dynamodb:*"), "Resource", "*")));

        assertThat(SecurityRules.evaluate("AWS::IAM::Policy", Map.of("PolicyDocument", document)))
                .extracting(Finding::rule, Finding::severity, Finding::path)
                .containsExactly(tuple("iam-service-wildcard", "MEDIUM", "/PolicyDocument/Statement/0/Action"));
    }

    @Test
    void should_not_flag_wildcards_that_deny() {
        Map<String, Object> document = Map.of("Statement", List.of(Map.of("Effect", "Deny", "Action", "*",
                "Resource", "*")));

        assertThat(SecurityRules.evaluate("AWS::IAM::Policy", Map.of("PolicyDocument", document))).isEmpty();
        assertThat(SecurityRules.evaluate("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of()))).isEmpty();
        assertThat(SecurityRules.evaluate("AWS::IAM::Policy", Map.of("PolicyDocument", "{}"))).isEmpty();
    }

    @Test
    void should_check_the_inline_policies_of_roles_users_and_groups_where_they_are() {
        Map<String, Object> narrow = Map.of("Statement", List.of(Map.of("Effect", "Allow", "Action", "sqs:SendMessage",
                "Resource", "*")));
        Map<String, Object> wide = Map.of("Statement", List.of(Map.of("Effect", "Allow", "Action", "ec2:*",
                "Resource", "*")));
        for (String type : List.of("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group")) {
            List<Finding> findings = SecurityRules.evaluate(type, Map.of("Policies", List.of(
                    Map.of("PolicyName", "narrow", "PolicyDocument", narrow), "junk",
                    Map.of("PolicyName", "wide", "PolicyDocument", wide))));

            assertThat(findings).as(type).extracting(Finding::rule, Finding::path).containsExactly(
                    tuple("iam-service-wildcard", "/Policies/2/PolicyDocument/Statement/0/Action"));
        }
        assertThat(SecurityRules.evaluate("AWS::IAM::Role", Map.of("RoleName", "r"))).isEmpty();
    }

    @Test
    void should_have_no_findings_for_a_type_without_rules() {
        assertThat(SecurityRules.evaluate("AWS::SQS::Queue", Map.of("QueueName", "q"))).isEmpty();
    }
}
