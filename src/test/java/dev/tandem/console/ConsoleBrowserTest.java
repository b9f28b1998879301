package dev.tandem.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tandem.RunningTandem;
import dev.tandem.llm.emulator.EmulatedModels;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (Debian's Chromium, headless) against a Tandem with a token and the two model
 * emulators: what a person sees on each tab. Each test leaves a screenshot in target/console-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private static final String TOKEN = "console-browser-token-4321";
    private static final String PROVIDER = "openai/gpt-console";

    @TempDir
    static Path work;
    private final OllamaEmulator ollama = OllamaEmulator.start();
    private final OpenAiEmulator openai = OpenAiEmulator.start("sk-console-test");
    private RunningTandem tandem;
    private Browser browser;

    @BeforeAll
    void start() throws Exception {
        openai.serve("gpt-console");
        Path inbox = work.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("key-rotation.md"), "# Key rotation\n\nRotate the signing keys every ninety"
                + " days. The rotation runbook says to publish the new key a week before the old one retires.\n");
        Files.writeString(inbox.resolve("markup.md"), "# <img src=x onerror=\"window.injected=1\"> Vault markup\n\n"
                + "The vault <b id=\"injected\">unseals</b> with three of five shares <script>window.injected=2</script>.\n");
        tandem = RunningTandem.start(inbox, work.resolve("data"), EmulatedModels.settings(ollama, openai, Map.of(
                "tandem.mcp.token", TOKEN,
                "tandem.llm.provider.timeout.ms", "10000",
                "tandem.llm.prices", "ollama/*=0/0;openai/gpt-console=0.15/0.6",
                "tandem.llm.breaker.failures", "1000"))).authorizeWith(TOKEN);
        await().atMost(Duration.ofSeconds(90)).until(() -> tandem.ingestStatus().get("indexed").asInt() >= 2);
        browser = Browser.start(1280, 900);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        tandem.close();
        ollama.close();
        openai.close();
    }

    @BeforeEach
    void freshTabAndModels() {
        ollama.reset();
        openai.reset();
        browser.open(tandem.baseUrl() + "/?fresh");
        browser.script("sessionStorage.clear()");
    }

    @Test
    void should_ask_for_the_token_and_keep_it_for_this_tab_only() throws Exception {
        open("operate");
        enterToken("not-the-token");
        enterToken(TOKEN);

        browser.untilText("#backends", "ollama/llama3.2");
        assertThat(browser.script("return sessionStorage.getItem('tandem-token')")).isEqualTo(TOKEN);
        assertThat(browser.script("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.script("return document.cookie")).isEqualTo("");
        browser.screenshot("token-then-operate");
    }

    /** fuse: both models answer, then the local one merges the two drafts (streamed) and wins. */
    @Test
    void should_stream_the_answer_and_show_the_winner_both_answers_the_plan_and_the_passage_cited() throws Exception {
        ollama.respond(r -> Reply.text("Rotate the signing keys every ninety days, a week after publishing the new"
                + " one [1].").withTokenInterval(Duration.ofMillis(60)));
        openai.respond(r -> Reply.text("Every ninety days [1]."));
        open("ask");
        enterToken(TOKEN);
        new Select(browser.until(d -> d.findElement(By.cssSelector("#strategy option[value=fuse]")))
                .findElement(By.xpath(".."))).selectByValue("fuse");

        browser.find("#question").sendKeys("How often do we rotate the signing keys?");
        browser.find("#ask-form button[type=submit]").click();

        browser.until(d -> {
            WebElement answer = d.findElement(By.cssSelector(".turn .answer"));
            return "true".equals(answer.getAttribute("aria-busy")) && answer.getText().startsWith("Rotate the");
        });
        browser.screenshot("ask-streaming");
        String winner = browser.untilText(".turn .winner", "ollama/llama3.2");
        assertThat(winner).contains("fuse");
        assertThat(browser.find(".turn .answer").getText()).isEqualTo("Rotate the signing keys every ninety days, a"
                + " week after publishing the new one [1].");
        assertThat(browser.driver().findElements(By.cssSelector(".turn .both figure"))).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains("local: ollama/llama3.2", "a week after publishing"))
                .anySatisfy(t -> assertThat(t).contains("provider: " + PROVIDER, "Every ninety days [1]."));
        assertThat(browser.find(".turn .timeline").getText()).contains("retrieve", "local", "provider", "merge");
        assertThat(browser.find(".turn .details").getText()).contains("in /", "out tokens", "US$");

        browser.find(".turn .citations button").click();
        assertThat(browser.untilText("#passage-body", "ninety")).contains("Rotate the signing keys every ninety days");
        browser.screenshot("ask-answered-passage");
    }

    @Test
    void should_search_with_mode_and_k_and_open_the_hits_document() throws Exception {
        open("search");
        browser.find("#query").sendKeys("rotation runbook");
        new Select(browser.find("#search-form select[name=mode]")).selectByValue("bm25");
        WebElement k = browser.find("#search-form input[name=k]");
        k.clear();
        k.sendKeys("3");
        browser.find("#search-form button[type=submit]").click();
        enterToken(TOKEN);

        browser.untilText("#search-summary", "bm25");
        assertThat(browser.find("#hits .hit mark").getText()).isIn("rotation", "runbook");
        assertThat(browser.find("#hits .hit").getText()).contains("key-rotation.md");
        browser.screenshot("search-hits");

        browser.find("#hits .hit h3 button").click();
        browser.untilText("#passage-title", "Key rotation");
        browser.find("#passage-body button").click();
        assertThat(browser.untilText("#passage-body ol.passages", "publish the new key")).contains("ninety days");
        browser.screenshot("search-document");
    }

    @Test
    void should_show_markup_in_documents_as_text_and_never_run_it() throws Exception {
        open("search");
        browser.find("#query").sendKeys("vault unseals shares");
        browser.find("#search-form button[type=submit]").click();
        enterToken(TOKEN);

        String hit = browser.untilText("#hits", "Vault markup");
        assertThat(hit).contains("<img src=x", "<b id=\"injected\">");
        browser.find("#hits .hit h3 button").click();
        browser.untilText("#passage-body", "unseals");
        assertThat(browser.driver().findElements(By.cssSelector("#hits img, #hits b, #passage-body b, script#injected")))
                .isEmpty();
        assertThat(browser.script("return window.injected === undefined")).isEqualTo(true);
        browser.screenshot("search-markup-as-text");
    }

    @Test
    void should_ingest_a_dropped_file_and_say_when_it_is_indexed() throws Exception {
        open("documents");
        enterToken(TOKEN);
        browser.untilText("#ingest-counts", "indexed");

        browser.script("const files = new DataTransfer();"
                + "files.items.add(new File([arguments[0]], 'dropped-notes.md', {type: 'text/markdown'}));"
                + "document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: files,"
                + " bubbles: true, cancelable: true}));",
                "# Dropped notes\n\nThe console dropped this file into the inbox to be indexed.\n");

        assertThat(browser.untilText("#uploads li", "indexed:")).contains("dropped-notes.md", "1 passages");
        assertThat(tandem.getJson("/api/search?q=dropped&mode=bm25").at("/hits/0/title").asText())
                .isEqualTo("Dropped notes");
        browser.screenshot("documents-dropped");
    }

    @Test
    void should_play_turtle_soup_to_the_end_with_transcript_hint_and_score() throws Exception {
        ollama.respond(r -> Reply.text(r.lastUserText().startsWith("Question:")
                ? "{\"answer\": \"yes\", \"confidence\": 0.9}"
                : "{\"covered\": [1, 2, 3], \"confidence\": 0.9}"));
        open("play");
        enterToken(TOKEN);
        new Select(browser.until(d -> d.findElement(By.cssSelector("#puzzle option[value=second-seat]")))
                .findElement(By.xpath(".."))).selectByValue("second-seat");
        browser.find("#start-form button").click();
        browser.untilText("#game-title", "The Second Seat");

        browser.find("#game-question").sendKeys("Was the second seat for something she carried?");
        browser.find("#question-form button").click();
        browser.untilText("#transcript", "→ yes");
        browser.find("#hint").click();
        browser.untilText("#score", "1 hints");
        browser.find("#game-guess").sendKeys("She carried a cello, which needed a seat of its own.");
        browser.find("#guess-form button").click();

        assertThat(browser.untilText("#score", "solved")).contains("1 questions", "1 hints", "88 points");
        assertThat(browser.find("#hidden-story").isDisplayed()).isTrue();
        assertThat(browser.find("#hidden-story").getText()).isNotBlank();
        assertThat(browser.find("#game-moves").isDisplayed()).isFalse();
        browser.screenshot("play-solved");
    }

    @Test
    void should_show_a_failing_backend_as_failing_on_operate() throws Exception {
        openai.respond(r -> Reply.error(500, "the provider is down"));
        assertThat(tandem.post("/api/ask", "application/json", "{\"question\": \"Is anyone there?\"}").statusCode())
                .isEqualTo(200);
        assertThat(tandem.post("/api/tools/ingest_status", "application/json", "{}").statusCode()).isEqualTo(200);
        open("operate");
        enterToken(TOKEN);

        browser.until(d -> d.findElements(By.cssSelector("#backends tr")).stream().anyMatch(row ->
                row.getText().contains(PROVIDER) && row.getText().contains("failing")));
        WebElement local = browser.driver().findElements(By.cssSelector("#backends tr")).stream()
                .filter(row -> row.getText().contains("ollama/llama3.2")).findFirst().orElseThrow();
        assertThat(local.getText()).contains("reachable");
        assertThat(browser.untilText("#tool-calls", "ingest_status")).contains("tandem", "ok");
        browser.screenshot("operate-failing-provider");
    }

    @Test
    void should_fit_a_phone_screen_without_sideways_scrolling() throws Exception {
        try (Browser phone = Browser.start(390, 844)) {
            phone.open(tandem.baseUrl() + "/?phone#operate");
            phone.until(d -> d.findElement(By.id("token-dialog")).isDisplayed());
            phone.find("#token").sendKeys(TOKEN);
            phone.find("#token-form button").click();
            phone.untilText("#backends", "ollama/llama3.2");

            assertThat((Long) phone.script("return document.documentElement.scrollWidth"))
                    .isLessThanOrEqualTo((Long) phone.script("return window.innerWidth"));
            phone.screenshot("phone-operate");
        }
    }

    /** A fresh load of the page on a tab (the query makes it a load, not a jump within the page). */
    private void open(String tab) {
        browser.open(tandem.baseUrl() + "/?" + tab + "#" + tab);
    }

    private void enterToken(String token) {
        browser.until(d -> d.findElement(By.id("token-dialog")).isDisplayed());
        WebElement input = browser.find("#token");
        input.clear();
        input.sendKeys(token);
        browser.find("#token-form button").click();
        browser.until(d -> !d.findElement(By.id("token-dialog")).isDisplayed()
                || d.findElement(By.id("token")).getAttribute("value").isEmpty());
    }
}
