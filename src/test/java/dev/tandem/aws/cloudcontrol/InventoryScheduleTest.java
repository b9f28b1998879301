package dev.tandem.aws.cloudcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.RunningTandem;
import dev.tandem.config.InvalidSettingException;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/** The AWS inventory as a user runs it: scheduled by Quartz with the configured cron, its last run over HTTP. */
class InventoryScheduleTest {

    private static final String BUCKET = "AWS::S3::Bucket";
    /** Daily at 03:17:29: a schedule of our own, which does not fire while the test runs. */
    private static final String CRON = "29 17 3 * * ?";

    @TempDir
    Path work;
    private CloudControlEmulator aws;

    @BeforeEach
    void start() {
        aws = CloudControlEmulator.start();
        aws.seed("us-east-1", BUCKET, "audit-logs", Map.of("BucketName", "audit-logs"));
        // the AWS default chain finds these, as it would find a user's profile or role
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        aws.close();
    }

    @Test
    void should_schedule_the_sync_with_the_configured_cron_and_report_its_last_run() throws Exception {
        try (RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.aws.inventory.types", BUCKET,
                "tandem.aws.inventory.cron", CRON,
                "tandem.aws.inventory.index", "test-inventory-schedule-" + System.nanoTime(),
                "tandem.aws.endpoint", aws.endpoint().toString(),
                "aws.region", "us-east-1"))) {
            Scheduler quartz = tandem.context().getComponent("quartz", QuartzComponent.class).getScheduler();
            Trigger trigger = quartz.getTrigger(TriggerKey.triggerKey("aws-inventory", "tandem"));
            assertThat(trigger).isInstanceOf(CronTrigger.class);
            assertThat(((CronTrigger) trigger).getCronExpression()).isEqualTo(CRON);
            assertThat(quartz.isStarted()).isTrue();
            assertThat(tandem.context().getRouteController().getRouteStatus("aws-inventory-schedule"))
                    .isEqualTo(ServiceStatus.Started);

            JsonNode before = tandem.getJson("/api/aws/inventory/status");
            assertThat(before.get("status").asText()).isEqualTo("no inventory run yet");
            assertThat(before.get("types").get(0).asText()).isEqualTo(BUCKET);

            // what the schedule does when its time comes: Quartz fires the job of that trigger
            quartz.triggerJob(trigger.getJobKey());

            await().atMost(Duration.ofSeconds(60)).until(() -> tandem.getJson("/api/aws/inventory/status").has("indexed"));
            JsonNode after = tandem.getJson("/api/aws/inventory/status");
            assertThat(after.get("indexed").asInt()).isEqualTo(1);
            assertThat(after.get("indexedByType").get(BUCKET).asInt()).isEqualTo(1);
            assertThat(after.get("errors")).isEmpty();
            assertThat(after.get("startedAt").asText()).isNotBlank();
        }
    }

    @Test
    void should_leave_the_schedule_off_while_no_types_are_set() throws Exception {
        try (RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.aws.endpoint", aws.endpoint().toString()))) {
            assertThat(tandem.context().getRouteController().getRouteStatus("aws-inventory-schedule"))
                    .isEqualTo(ServiceStatus.Stopped);
            assertThat(tandem.getJson("/api/aws/inventory/status").get("status").asText())
                    .isEqualTo("no inventory run yet");
        }
    }

    /** The route reads the checked settings: a property that is not a setting (it overrode the on/off) does nothing. */
    @Test
    void should_leave_the_schedule_off_without_types_whatever_an_undocumented_active_setting_says() throws Exception {
        try (RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.aws.inventory.active", "true",
                "tandem.aws.endpoint", aws.endpoint().toString()))) {
            assertThat(tandem.context().getRouteController().getRouteStatus("aws-inventory-schedule"))
                    .isEqualTo(ServiceStatus.Stopped);
        }
    }

    @Test
    void should_refuse_to_start_with_a_cron_quartz_cannot_read_naming_the_setting() {
        assertThatThrownBy(() -> RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.aws.inventory.types", BUCKET,
                "tandem.aws.inventory.cron", "every hour",
                "tandem.aws.endpoint", aws.endpoint().toString())).close())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("TANDEM_AWS_INVENTORY_CRON").hasMessageContaining("'every hour'")
                .hasMessageContaining("Quartz cron");
    }
}
