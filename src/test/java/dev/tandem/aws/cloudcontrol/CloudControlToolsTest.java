package dev.tandem.aws.cloudcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.tool.ToolDescriptor;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every AWS Cloud Control tool through the real SDK clients against {@link CloudControlEmulator}, read-only (the
 * default) and with writes allowed, called the way MCP calls them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudControlToolsTest {

    private static final String BUCKET = "AWS::S3::Bucket";
    private static final List<String> WRITE_TOOLS = List.of("aws_create_resource", "aws_update_resource",
            "aws_delete_resource");

    private CloudControlEmulator aws;
    private AwsToolHarness readOnly;
    private AwsToolHarness writable;

    @BeforeAll
    void start() throws Exception {
        aws = CloudControlEmulator.start();
        readOnly = new AwsToolHarness(AwsToolHarness.settings(aws.endpoint(), false));
        writable = new AwsToolHarness(AwsToolHarness.settings(aws.endpoint(), true));
    }

    @AfterEach
    void sentOnlyWhatCloudControlAccepts() {
        aws.violations().assertNone();
    }

    @AfterAll
    void stop() {
        readOnly.close();
        writable.close();
        aws.close();
    }

    @BeforeEach
    void clean() {
        aws.reset();
    }

    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            arguments.put((String) pairs[i], pairs[i + 1]);
        }
        return arguments;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isNotEqualTo(Boolean.TRUE);
        return (Map<String, Object>) result.structuredContent();
    }

    private static String error(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isTrue();
        return text(result);
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> result, String key) {
        return (List<Map<String, Object>>) result.get(key);
    }

    private String token(AwsToolHarness tools, Object... pairs) {
        return (String) ok(tools.call("aws_check_resource_security", args(pairs))).get("confirmation_token");
    }

    // --- listing and reading

    @Test
    void should_list_only_read_tools_in_read_only_mode_and_the_write_tools_when_writes_are_allowed() {
        assertThat(readOnly.catalog.all()).extracting(ToolDescriptor::name).hasSize(8)
                .doesNotContainAnyElementsOf(WRITE_TOOLS);
        assertThat(writable.catalog.all()).extracting(ToolDescriptor::name).hasSize(11).containsAll(WRITE_TOOLS);
    }

    @Test
    void should_refuse_a_write_route_called_directly_in_read_only_mode() {
        assertThatThrownBy(() -> readOnly.route("aws_delete_resource", args("type_name", BUCKET, "identifier", "b",
                "confirmation_token", "x"))).hasRootCauseMessage(
                        "Tandem's AWS tools are read-only (TANDEM_AWS_ALLOW_WRITE=true allows writes).");
        assertThat(aws.count("DeleteResource")).isZero();
    }

    @Test
    void should_page_through_every_resource_with_the_opaque_cursor_and_properties_when_asked() {
        for (int i = 0; i < 12; i++) {
            aws.seed("us-east-1", BUCKET, "bucket-" + i, Map.of("BucketName", "bucket-" + i));
        }
        List<String> seen = new ArrayList<>();
        Map<String, Object> page = ok(readOnly.call("aws_list_resources", args("type_name", BUCKET,
                "include_properties", true)));
        int pages = 1;
        while (true) {
            list(page, "resources").forEach(r -> seen.add((String) r.get("identifier")));
            assertThat(list(page, "resources")).allSatisfy(r -> assertThat(r).containsKey("properties"));
            if (page.get("next_cursor") == null) {
                break;
            }
            page = ok(readOnly.call("aws_list_resources", args("cursor", page.get("next_cursor"))));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(12).doesNotHaveDuplicates().contains("bucket-0", "bucket-11");
    }

    @Test
    void should_list_identifiers_only_by_default_and_pass_the_resource_model_filter() {
        aws.seed("us-east-1", "AWS::EC2::Subnet", "subnet-1", Map.of("VpcId", "vpc-a"));
        aws.seed("us-east-1", "AWS::EC2::Subnet", "subnet-2", Map.of("VpcId", "vpc-b"));

        Map<String, Object> filtered = ok(readOnly.call("aws_list_resources", args("type_name", "AWS::EC2::Subnet",
                "resource_model", Map.of("VpcId", "vpc-b"))));

        assertThat(list(filtered, "resources")).containsExactly(Map.of("identifier", "subnet-2"));
        assertThat(aws.calls().get(0).body()).containsEntry("ResourceModel", "{\"VpcId\":\"vpc-b\"}");
    }

    @Test
    void should_honour_the_region_of_each_call_for_reads_and_writes() {
        aws.seed("eu-west-1", BUCKET, "irish-bucket", Map.of("BucketName", "irish-bucket"));

        assertThat(list(ok(readOnly.call("aws_list_resources", args("type_name", BUCKET)))
                , "resources")).isEmpty();
        Map<String, Object> irish = ok(readOnly.call("aws_list_resources", args("type_name", BUCKET,
                "region", "eu-west-1")));
        assertThat(irish).containsEntry("region", "eu-west-1");
        assertThat(list(irish, "resources")).extracting(r -> r.get("identifier")).containsExactly("irish-bucket");

        Map<String, Object> desired = Map.of("QueueName", "jobs");
        String token = token(writable, "type_name", "AWS::SQS::Queue", "desired_state", desired,
                "region", "ap-southeast-2");
        ok(writable.call("aws_create_resource", args("type_name", "AWS::SQS::Queue", "desired_state", desired,
                "region", "ap-southeast-2", "confirmation_token", token)));
        assertThat(aws.calls()).filteredOn(c -> c.operation().equals("CreateResource"))
                .extracting(CloudControlEmulator.Call::region).containsExactly("ap-southeast-2");
        assertThat(error(readOnly.call("aws_list_resources", args("type_name", BUCKET, "region", "mars"))))
                .contains("'mars' is not an AWS region name");
    }

    @Test
    void should_get_one_resource_and_explain_missing_ones_and_types_without_handlers() {
        aws.seed("us-east-1", BUCKET, "logs", Map.of("BucketName", "logs", "Arn", "arn:aws:s3:::logs"));

        assertThat(ok(readOnly.call("aws_get_resource", args("type_name", BUCKET, "identifier", "logs"))))
                .containsEntry("identifier", "logs")
                .containsEntry("properties", Map.of("BucketName", "logs", "Arn", "arn:aws:s3:::logs"));
        assertThat(error(readOnly.call("aws_get_resource", args("type_name", BUCKET, "identifier", "nope"))))
                .startsWith("AWS refused: ResourceNotFoundException");
        assertThat(error(readOnly.call("aws_list_resources", args("type_name", "AWS::DocDB::DBCluster"))))
                .contains("UnsupportedActionException").contains("does not support LIST");
        assertThat(error(readOnly.call("aws_list_resources", args("type_name", "AWS::OpenSearchService::Domain"))))
                .contains("UnsupportedActionException");
        assertThat(error(readOnly.call("aws_get_resource", args("type_name", "AWS::No::Such", "identifier", "x"))))
                .contains("TypeNotFoundException");
    }

    @Test
    void should_describe_a_type_schema_once_within_its_time_to_live() {
        Map<String, Object> schema = ok(readOnly.call("aws_get_resource_schema", args("type_name", BUCKET)));
        ok(readOnly.call("aws_get_resource_schema", args("type_name", BUCKET)));

        assertThat(schema).containsEntry("provisioning_type", "FULLY_MUTABLE");
        assertThat(schema.get("handlers")).asList().contains("create", "list");
        assertThat(schema.get("schema")).asInstanceOf(MAP)
                .containsEntry("typeName", BUCKET);
        assertThat(aws.count("DescribeType")).isEqualTo(1);

        readOnly.clock.advance(Duration.ofMinutes(16));
        ok(readOnly.call("aws_get_resource_schema", args("type_name", BUCKET)));
        assertThat(aws.count("DescribeType")).isEqualTo(2);
        assertThat(ok(readOnly.call("aws_get_resource_schema", args("type_name", "AWS::DocDB::DBInstance"))))
                .containsEntry("provisioning_type", "NON_PROVISIONABLE");
    }

    @Test
    void should_tell_who_tandem_is_without_any_secret() {
        McpSchema.CallToolResult result = readOnly.call("aws_get_session_info", args("region", "eu-central-1"));

        assertThat(ok(result)).containsEntry("account", CloudControlEmulator.ACCOUNT)
                .containsEntry("arn", "arn:aws:iam::123456789012:user/tandem-test")
                .containsEntry("region", "eu-central-1").containsEntry("profile", "test-profile")
                .containsEntry("writes_allowed", false);
        assertThat(text(result)).doesNotContain("AKIDTEST").doesNotContain("test-secret");
        assertThat(aws.calls().get(0).region()).isEqualTo("eu-central-1");
    }

    // --- security check

    @Test
    void should_explain_findings_for_an_open_bucket_an_open_security_group_and_a_wildcard_role() {
        Map<String, Object> bucket = ok(readOnly.call("aws_check_resource_security", args("type_name", BUCKET,
                "desired_state", Map.of("BucketName", "open", "AccessControl", "PublicRead"))));
        Map<String, Object> group = ok(readOnly.call("aws_check_resource_security", args("type_name",
                "AWS::EC2::SecurityGroup", "desired_state", Map.of("GroupDescription", "ssh",
                        "SecurityGroupIngress", List.of(Map.of("IpProtocol", "tcp", "FromPort", 22, "ToPort", 22,
                                "CidrIp", "0.0.0.0/0"))))));
        Map<String, Object> role = ok(readOnly.call("aws_check_resource_security", args("type_name", "AWS::IAM::Role",
                "desired_state", Map.of("AssumeRolePolicyDocument", Map.of(), "Policies", List.of(Map.of(
                        "PolicyName", "admin", "PolicyDocument", Map.of("Statement", List.of(Map.of("Effect",
                                "Allow", "Action", "*", "Resource", "*")))))))));

        assertThat(bucket).containsEntry("passed", false);
        assertThat(list(bucket, "findings")).extracting(f -> f.get("rule"))
                .containsExactlyInAnyOrder("s3-public-access", "s3-public-acl", "s3-encryption");
        assertThat(list(group, "findings")).singleElement().satisfies(f -> assertThat(f)
                .containsEntry("severity", "HIGH").containsEntry("path", "/SecurityGroupIngress/0")
                .extractingByKey("explanation").asString().contains("ports 22-22 are open to the whole internet"));
        assertThat(list(role, "findings")).singleElement().satisfies(f -> assertThat(f)
                .containsEntry("rule", "iam-wildcard-action").extractingByKey("explanation").asString()
                .contains("full administrator access"));
    }

    @Test
    void should_pass_a_locked_down_bucket_and_flag_unencrypted_databases() {
        Map<String, Object> safe = ok(readOnly.call("aws_check_resource_security", args("type_name", BUCKET,
                "desired_state", Map.of("PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true,
                        "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of())))));
        Map<String, Object> rds = ok(readOnly.call("aws_check_resource_security", args("type_name",
                "AWS::RDS::DBInstance", "desired_state", Map.of("PubliclyAccessible", true))));
        Map<String, Object> docdb = ok(readOnly.call("aws_check_resource_security", args("type_name",
                "AWS::DocDB::DBCluster", "desired_state", Map.of("StorageEncrypted", false))));

        assertThat(safe).containsEntry("passed", true).containsEntry("findings", List.of());
        assertThat(list(rds, "findings")).extracting(f -> f.get("rule"))
                .containsExactlyInAnyOrder("database-unencrypted", "database-public");
        assertThat(list(docdb, "findings")).extracting(f -> f.get("rule")).containsExactly("database-unencrypted");
    }

    // --- writes and their tokens

    @Test
    void should_create_with_a_token_and_default_tags_and_report_progress() {
        Map<String, Object> desired = Map.of("BucketName", "reports", "Tags", List.of(Map.of("Key", "team",
                "Value", "data")));
        String token = token(writable, "type_name", BUCKET, "desired_state", desired);

        Map<String, Object> created = ok(writable.call("aws_create_resource", args("type_name", BUCKET,
                "desired_state", desired, "confirmation_token", token)));

        assertThat(created).containsEntry("finished", false);
        assertThat(created.get("progress")).asInstanceOf(MAP).containsEntry("status", "IN_PROGRESS")
                .containsEntry("operation", "CREATE").containsKey("request_token");
        assertThat(aws.stored("us-east-1", BUCKET, "reports").get("Tags")).isEqualTo(List.of(
                Map.of("Key", "team", "Value", "data"), Map.of("Key", "managed-by", "Value", "tandem")));
        Map<String, Object> status = ok(writable.call("aws_get_resource_request_status", args("request_token",
                ((Map<?, ?>) created.get("progress")).get("request_token"))));
        assertThat(status.get("progress")).asInstanceOf(MAP).containsEntry("status", "SUCCESS");
        Map<String, Object> requests = ok(writable.call("aws_list_resource_requests", args()));
        assertThat(list(requests, "requests")).hasSize(1);
        assertThat(requests.get("next_cursor")).isNull();
        assertThat(error(writable.call("aws_list_resource_requests", args("cursor", "bm90LW91cnM"))))
                .contains("not one Tandem gave out");
    }

    @Test
    void should_add_default_tags_as_an_object_where_the_schema_says_so_and_wait_when_asked() {
        Map<String, Object> desired = Map.of("Name", "/app/flag", "Type", "String", "Value", "on");
        String token = token(writable, "type_name", "AWS::SSM::Parameter", "desired_state", desired);

        Map<String, Object> created = ok(writable.call("aws_create_resource", args("type_name", "AWS::SSM::Parameter",
                "desired_state", desired, "confirmation_token", token, "wait_seconds", 5)));

        assertThat(created).containsEntry("finished", true);
        assertThat(aws.stored("us-east-1", "AWS::SSM::Parameter", "/app/flag")).containsEntry("Tags",
                Map.of("managed-by", "tandem"));
    }

    @Test
    void should_refuse_a_write_without_a_token_with_an_expired_one_or_one_for_another_payload() {
        Map<String, Object> desired = Map.of("BucketName", "a");
        String token = token(writable, "type_name", BUCKET, "desired_state", desired);

        assertThat(error(writable.call("aws_create_resource", args("type_name", BUCKET, "desired_state", desired,
                "confirmation_token", "nonsense")))).contains("not one Tandem issued");
        assertThat(error(writable.call("aws_create_resource", args("type_name", BUCKET, "desired_state",
                Map.of("BucketName", "b"), "confirmation_token", token)))).contains("issued for another");
        assertThat(error(writable.call("aws_create_resource", args("type_name", BUCKET, "desired_state", desired,
                "region", "eu-west-1", "confirmation_token", token)))).contains("issued for another");
        assertThat(error(writable.call("aws_delete_resource", args("type_name", BUCKET, "identifier", "a",
                "confirmation_token", token)))).contains("issued for another");
        assertThatThrownBy(() -> writable.route("aws_create_resource", args("type_name", BUCKET, "desired_state",
                desired))).rootCause().hasMessageContaining("needs a confirmation_token");
        writable.clock.advance(Duration.ofSeconds(61));
        assertThat(error(writable.call("aws_create_resource", args("type_name", BUCKET, "desired_state", desired,
                "confirmation_token", token)))).contains("expired");
        assertThat(aws.count("CreateResource")).isZero();
    }

    @Test
    void should_refuse_a_token_issued_for_one_resource_when_used_on_another() {
        aws.seed("us-east-1", BUCKET, "scratch", Map.of("BucketName", "scratch"));
        aws.seed("us-east-1", BUCKET, "payroll", Map.of("BucketName", "payroll"));
        aws.seed("us-east-1", "AWS::EC2::SecurityGroup", "sg-1", Map.of("GroupDescription", "a", "Id", "sg-1"));
        aws.seed("us-east-1", "AWS::EC2::SecurityGroup", "sg-2", Map.of("GroupDescription", "b", "Id", "sg-2"));
        String deleteScratch = token(writable, "type_name", BUCKET, "operation", "delete", "identifier", "scratch");
        List<Map<String, Object>> patch = List.of(Map.of("op", "add", "path", "/SecurityGroupIngress", "value",
                List.of(Map.of("IpProtocol", "tcp", "FromPort", 443, "ToPort", 443, "CidrIp", "10.0.0.0/8"))));
        String updateSg1 = token(writable, "type_name", "AWS::EC2::SecurityGroup", "operation", "update",
                "identifier", "sg-1", "patch_document", patch);

        assertThat(error(writable.call("aws_delete_resource", args("type_name", BUCKET, "identifier", "payroll",
                "confirmation_token", deleteScratch)))).contains("issued for another");
        assertThat(error(writable.call("aws_update_resource", args("type_name", "AWS::EC2::SecurityGroup",
                "identifier", "sg-2", "patch_document", patch, "confirmation_token", updateSg1))))
                .contains("issued for another");

        assertThat(aws.count("DeleteResource")).isZero();
        assertThat(aws.count("UpdateResource")).isZero();
        assertThat(aws.stored("us-east-1", BUCKET, "payroll")).isNotNull();
        assertThat(aws.stored("us-east-1", "AWS::EC2::SecurityGroup", "sg-2")).doesNotContainKey(
                "SecurityGroupIngress");
    }

    @Test
    void should_accept_the_same_desired_state_in_another_key_order() {
        Map<String, Object> desired = new LinkedHashMap<>(Map.of("QueueName", "q"));
        desired.put("DelaySeconds", 5);
        String token = token(writable, "type_name", "AWS::SQS::Queue", "desired_state", desired);
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("DelaySeconds", 5);
        reordered.put("QueueName", "q");

        ok(writable.call("aws_create_resource", args("type_name", "AWS::SQS::Queue", "desired_state", reordered,
                "confirmation_token", token)));
    }

    @Test
    void should_update_with_a_checked_patch_judged_on_the_state_it_leads_to() {
        aws.seed("us-east-1", "AWS::EC2::SecurityGroup", "sg-1", Map.of("GroupDescription", "web", "Id", "sg-1"));
        List<Map<String, Object>> patch = List.of(Map.of("op", "add", "path", "/SecurityGroupIngress", "value",
                List.of(Map.of("IpProtocol", "-1", "CidrIp", "0.0.0.0/0"))));

        Map<String, Object> check = ok(writable.call("aws_check_resource_security", args("type_name",
                "AWS::EC2::SecurityGroup", "operation", "update", "identifier", "sg-1", "patch_document", patch)));
        assertThat(list(check, "findings")).singleElement().satisfies(f -> assertThat(f.get("explanation"))
                .asString().contains("all ports"));
        ok(writable.call("aws_update_resource", args("type_name", "AWS::EC2::SecurityGroup", "identifier", "sg-1",
                "patch_document", patch, "confirmation_token", check.get("confirmation_token"))));

        assertThat(aws.stored("us-east-1", "AWS::EC2::SecurityGroup", "sg-1")).containsKey("SecurityGroupIngress");
    }

    @Test
    void should_reject_a_patch_that_does_not_fit_the_schema_before_sending_it() {
        aws.seed("us-east-1", BUCKET, "b", Map.of("BucketName", "b"));
        List<Map<String, Object>> patch = List.of(Map.of("op", "replace", "path", "/Arn", "value", "x"),
                Map.of("op", "replace", "path", "/BucketName", "value", "c"),
                Map.of("op", "add", "path", "/Colour", "value", "red"),
                Map.of("op", "add", "path", "/VersioningConfiguration", "value", "on"));

        assertThat(error(writable.call("aws_check_resource_security", args("type_name", BUCKET, "operation",
                "update", "identifier", "b", "patch_document", patch))))
                .contains("#0: Arn is read-only").contains("#1: BucketName can only be set at creation")
                .contains("#2: AWS::S3::Bucket has no property Colour")
                .contains("#3: VersioningConfiguration must be a JSON object");
        assertThat(aws.count("UpdateResource")).isZero();
    }

    @Test
    void should_delete_with_a_delete_token_and_refuse_types_without_handlers() {
        aws.seed("us-east-1", BUCKET, "old", Map.of("BucketName", "old"));
        String token = token(writable, "type_name", BUCKET, "operation", "delete", "identifier", "old");

        ok(writable.call("aws_delete_resource", args("type_name", BUCKET, "identifier", "old",
                "confirmation_token", token)));
        assertThat(aws.stored("us-east-1", BUCKET, "old")).isNull();

        Map<String, Object> cluster = Map.of("StorageEncrypted", true);
        String docdb = token(writable, "type_name", "AWS::DocDB::DBCluster", "desired_state", cluster);
        assertThat(error(writable.call("aws_create_resource", args("type_name", "AWS::DocDB::DBCluster",
                "desired_state", cluster, "confirmation_token", docdb)))).contains("UnsupportedActionException");
    }
}
