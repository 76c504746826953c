package io.geoalert.consumer.channel;

import static io.geoalert.consumer.TestAlerts.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.geoalert.consumer.subscription.SecretRef;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.model.Alert;
import io.geoalert.model.Severity;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailChannelTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@geoalert.test", "alerts", "s3cret"))
            .withPerMethodLifecycle(true);

    private static final Alert HOSTILE = new Alert(
            "a1",
            "rule-x",
            1,
            "cyber",
            Severity.CRITICAL,
            9,
            null,
            "i1",
            "<script>alert('x')</script> & <a href=\"https://evil.example\">click</a>",
            "https://x.org/story?a=1&b=2",
            "wire",
            null,
            NOW,
            List.of(new Alert.Match("t", "title", 0, 1, "<b>")),
            List.of("A&B"),
            null,
            1,
            1);

    private final Channels channels = new Channels(
            Channels.httpClient(),
            Clock.systemUTC(),
            new SecretRef(Map.of("SMTP_PASSWORD", "s3cret", "WRONG", "nope")::get),
            System.out,
            false);

    private Channel email(int port, Map<String, Object> smtpExtra) {
        Map<String, Object> smtp = new HashMap<>(Map.of("host", "127.0.0.1", "port", port, "starttls", false));
        smtp.putAll(smtpExtra);
        return channels.create(new Subscription(
                "sub-1",
                "ops",
                true,
                1,
                null,
                new Subscription.ChannelSpec(
                        "email",
                        Map.of(
                                "to",
                                List.of("analyst@example.org", "desk@example.net"),
                                "from",
                                "geoalert <alerts@geoalert.test>",
                                "smtp",
                                smtp)),
                null,
                null,
                null));
    }

    private Channel email(Map<String, Object> smtpExtra) {
        return email(SMTP.getSmtp().getPort(), smtpExtra);
    }

    /** The one message in {@code address}'s mailbox: each recipient gets its own copy. */
    private static MimeMessage onlyMessageTo(String address) throws FolderException {
        GreenMailUser user = SMTP.getUserManager().getUserByEmail(address);
        assertNotNull(user, "no mailbox for " + address);
        List<StoredMessage> inbox =
                SMTP.getManagers().getImapHostManager().getInbox(user).getMessages();
        assertEquals(1, inbox.size(), "messages to " + address);
        return inbox.get(0).getMimeMessage();
    }

    /** A text part as written: SMTP carries lines with CRLF, the channel writes LF. */
    private static String content(BodyPart part) throws Exception {
        return ((String) part.getContent()).replace("\r\n", "\n");
    }

    @Test
    void sendsPlainTextAndHtmlAlternativesToEveryRecipient() throws Exception {
        Outcome outcome =
                email(Map.of()).send(TestDeliveries.instant(alert("a1", "sanctions", "Sanctions widened", NOW)));

        assertEquals(new Outcome.Sent(250), outcome);
        assertEquals(2, SMTP.getReceivedMessages().length);
        assertEquals(
                "[geoalert] HIGH sanctions: Sanctions widened",
                onlyMessageTo("desk@example.net").getSubject());
        MimeMessage message = onlyMessageTo("analyst@example.org");
        assertEquals("[geoalert] HIGH sanctions: Sanctions widened", message.getSubject());
        assertEquals("geoalert <alerts@geoalert.test>", message.getFrom()[0].toString());
        assertEquals("dlv-1", message.getHeader("X-Geoalert-Delivery", null));
        assertEquals("a1", message.getHeader("X-Geoalert-Alert", null));
        assertTrue(message.getContentType().startsWith("multipart/alternative"), message.getContentType());

        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertEquals(2, parts.getCount());
        BodyPart plain = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertTrue(plain.isMimeType("text/plain"), plain.getContentType());
        assertTrue(html.isMimeType("text/html"), html.getContentType());
        String text = content(plain);
        assertTrue(text.startsWith("Sanctions widened\nhttps://x.org/a1\n"), text);
        assertTrue(text.contains("Matched terms: sanctions"), text);
        assertTrue(text.contains("Entities:      Iran"), text);
        String page = content(html);
        assertTrue(page.contains("<a href=\"https://x.org/a1\">Sanctions widened</a>"), page);
        assertTrue(page.contains("<th align=\"left\">Severity</th><td>HIGH</td>"), page);
    }

    @Test
    void escapesFeedTextInTheHtmlPart() throws Exception {
        assertEquals(new Outcome.Sent(250), email(Map.of()).send(TestDeliveries.instant(HOSTILE)));

        MimeMessage message = onlyMessageTo("analyst@example.org");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        String page = content(parts.getBodyPart(1));
        assertFalse(page.contains("<script>"), page);
        assertFalse(page.contains("<a href=\"https://evil.example\">"), page);
        assertFalse(page.contains("<b>"), page);
        assertTrue(
                page.contains("<a href=\"https://x.org/story?a=1&amp;b=2\">&lt;script&gt;alert(&#39;x&#39;)"
                        + "&lt;/script&gt; &amp; &lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt;</a>"),
                page);
        assertTrue(page.contains("<td>A&amp;B</td>"), page);
        // the plain part is text: nothing to escape, shown as the feed wrote it
        assertTrue(content(parts.getBodyPart(0)).startsWith("<script>alert('x')</script> & "));
        assertEquals(
                "[geoalert] CRITICAL cyber: <script>alert('x')</script> & <a href=\"https://evil.example\">click</a>",
                message.getSubject());
    }

    @Test
    void logsInWhenAUsernameIsGivenWithThePasswordFromAReference() throws Exception {
        Outcome outcome = email(Map.of("username", "alerts", "password", "${env:SMTP_PASSWORD}"))
                .send(TestDeliveries.instant(alert("a1", "sanctions", "Sanctions widened", NOW)));
        assertEquals(new Outcome.Sent(250), outcome);
        assertEquals(2, SMTP.getReceivedMessages().length);
    }

    @Test
    void aRejectedLoginIsRefusedAndNothingIsSent() {
        Outcome outcome = email(Map.of("username", "alerts", "password", "${env:WRONG}"))
                .send(TestDeliveries.instant(alert("a1", "sanctions", "Sanctions widened", NOW)));
        Outcome.Refused refused = assertInstanceOf(Outcome.Refused.class, outcome);
        assertEquals(535, refused.status());
        assertTrue(refused.error().startsWith("SMTP authentication failed"), refused.error());
        assertFalse(refused.error().contains("nope"), refused.error());
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void neverSendsInClearWhenStarttlsIsOnButTheServerCannot() {
        // GreenMail offers no STARTTLS: the password and the message must not go out unencrypted
        Outcome outcome = email(Map.of("starttls", true, "username", "alerts", "password", "s3cret"))
                .send(TestDeliveries.instant(alert("a1", "sanctions", "Sanctions widened", NOW)));
        Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, outcome);
        assertTrue(retry.error().contains("STARTTLS"), retry.error());
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void aDigestHasItsOwnSubjectAndListsTheAlerts() throws Exception {
        List<Alert> alerts = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> alert("a" + i, "sanctions", "Story <" + i + ">", NOW))
                .toList();
        assertEquals(new Outcome.Sent(250), email(Map.of()).send(TestDeliveries.digest(alerts)));

        MimeMessage message = onlyMessageTo("desk@example.net");
        assertEquals("[geoalert] digest: 3 alerts", message.getSubject());
        MimeMultipart parts = (MimeMultipart) message.getContent();
        String text = content(parts.getBodyPart(0));
        String page = content(parts.getBodyPart(1));
        for (int i = 1; i <= 3; i++) {
            assertTrue(text.contains("- HIGH sanctions: Story <" + i + ">\n  https://x.org/a" + i + "\n"), text);
            assertTrue(page.contains("<a href=\"https://x.org/a" + i + "\">Story &lt;" + i + "&gt;</a>"), page);
        }
    }

    @Test
    void marksATestMessage() throws Exception {
        email(Map.of()).send(TestDeliveries.test(alert("a1", "sanctions", "Sanctions widened", NOW)));
        MimeMessage message = onlyMessageTo("analyst@example.org");
        assertEquals("[geoalert] TEST — HIGH sanctions: Sanctions widened", message.getSubject());
        assertEquals("true", message.getHeader("X-Geoalert-Test", null));
        String text = content(((MimeMultipart) message.getContent()).getBodyPart(0));
        assertTrue(text.startsWith("TEST — a test message from geoalert subscription sub-1"), text);
    }

    @Test
    void aServerThatIsDownIsWorthARetry() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Outcome outcome = email(closedPort, Map.of()).send(TestDeliveries.instant(alert("a1", "sanctions", "t", NOW)));
        Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, outcome);
        assertEquals(0, retry.status());
    }

    @Test
    void aPermanentlyRejectedRecipientIsRefusedATemporaryOneRetried() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
            Channel channel = email(server.port(), Map.of());
            Delivery delivery = TestDeliveries.instant(alert("a1", "sanctions", "t", NOW));

            server.replies("250 OK", "550 5.1.1 no such user", "250 OK");
            Outcome.Refused refused = assertInstanceOf(Outcome.Refused.class, channel.send(delivery));
            assertEquals(550, refused.status());
            assertTrue(refused.error().startsWith("SMTP 550"), refused.error());

            server.replies("250 OK", "451 4.3.0 try again later", "250 OK");
            Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, channel.send(delivery));
            assertEquals(451, retry.status());
        }
    }

    @Test
    void aRejectedMessageIsRefusedATemporaryFailureRetried() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
            Channel channel = email(server.port(), Map.of());
            Delivery delivery = TestDeliveries.instant(alert("a1", "sanctions", "t", NOW));

            server.replies("250 OK", "250 OK", "554 5.7.1 message rejected as spam");
            assertEquals(
                    554,
                    assertInstanceOf(Outcome.Refused.class, channel.send(delivery))
                            .status());

            server.replies("421 4.7.0 too busy", "250 OK", "250 OK");
            assertEquals(
                    421,
                    assertInstanceOf(Outcome.Retry.class, channel.send(delivery))
                            .status());

            server.replies("250 OK", "250 OK", "452 4.3.1 insufficient storage");
            assertEquals(
                    452,
                    assertInstanceOf(Outcome.Retry.class, channel.send(delivery))
                            .status());
            assertTrue(server.commands().stream().anyMatch(c -> c.startsWith("RCPT TO:<desk@example.net>")));
        }
    }
}
