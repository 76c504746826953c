package io.geoalert.consumer.channel;

import io.geoalert.consumer.delivery.AlertLine;
import io.geoalert.model.Alert;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends alerts by e-mail over SMTP (Jakarta Mail through Eclipse Angus): multipart/alternative with
 * a plain-text and an HTML part, feed text HTML-escaped. With {@code starttls} the connection must
 * be upgraded to TLS, with the server's certificate and name checked, or nothing is sent. A 4xx
 * reply or a connection problem is worth a retry; a 5xx (a rejected sender, recipient or message,
 * failed authentication) is a refusal. Recipients are all-or-nothing, so a retry doubles nobody.
 */
public final class EmailChannel implements Channel {

    /** Alerts listed in one digest e-mail. */
    static final int DIGEST_LIMIT = 100;

    private static final int SUBJECT_TITLE_LIMIT = 150;
    private static final String CHARSET = "UTF-8";

    private final SmtpServer smtp;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final Clock clock;
    private final Session session;

    EmailChannel(SmtpServer smtp, InternetAddress from, List<InternetAddress> to, Clock clock, Duration timeout) {
        if (to.isEmpty()) {
            throw new IllegalArgumentException("channel.to needs at least one address");
        }
        this.smtp = smtp;
        this.from = from;
        this.to = to.toArray(InternetAddress[]::new);
        this.clock = clock;
        this.session = Session.getInstance(properties(smtp, from, timeout));
    }

    private static Properties properties(SmtpServer smtp, InternetAddress from, Duration timeout) {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", smtp.host());
        props.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
        props.setProperty("mail.smtp.from", from.getAddress());
        props.setProperty("mail.smtp.auth", Boolean.toString(smtp.authenticates()));
        // required, not merely enabled: a server (or a man in the middle) that drops STARTTLS from its
        // capabilities must not get the password and the message in clear text
        props.setProperty("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        props.setProperty("mail.smtp.starttls.required", Boolean.toString(smtp.starttls()));
        props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        String millis = Long.toString(timeout.toMillis());
        // without these a silent server holds the sending thread forever
        props.setProperty("mail.smtp.connectiontimeout", millis);
        props.setProperty("mail.smtp.timeout", millis);
        props.setProperty("mail.smtp.writetimeout", millis);
        return props;
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public Outcome send(Delivery delivery) {
        MimeMessage message;
        try {
            message = message(delivery);
        } catch (MessagingException e) {
            // building a message from our own strings does not fail on good data
            throw new IllegalStateException("cannot build the e-mail for delivery " + delivery.deliveryId(), e);
        }
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
            transport.sendMessage(message, to);
            int code = transport instanceof SMTPTransport angus ? angus.getLastReturnCode() : 250;
            return new Outcome.Sent(code);
        } catch (AuthenticationFailedException e) {
            return new Outcome.Refused(535, "SMTP authentication failed" + detail(e));
        } catch (MessagingException e) {
            return classify(e);
        }
    }

    /** 5xx: refused; 4xx, no reply code (connection, TLS, timeout): retry. */
    static Outcome classify(MessagingException e) {
        int code = replyCode(e);
        String error = (code == 0 ? "SMTP" : "SMTP " + code) + detail(e);
        if (code >= 500 && code < 600) {
            return new Outcome.Refused(code, error);
        }
        return new Outcome.Retry(code, error, null);
    }

    /**
     * The SMTP reply code in the exception chain (Angus nests one exception per rejected recipient):
     * the first permanent one if any, else the first transient one, else 0 (no reply: a connection,
     * TLS or timeout problem).
     */
    private static int replyCode(MessagingException e) {
        int transientCode = 0;
        Throwable t = e;
        for (int depth = 0; t != null && depth < 20; depth++) {
            int code = 0;
            if (t instanceof SMTPAddressFailedException failed) {
                code = failed.getReturnCode();
            } else if (t instanceof SMTPSenderFailedException failed) {
                code = failed.getReturnCode();
            } else if (t instanceof SMTPSendFailedException failed) {
                code = failed.getReturnCode();
            }
            if (code >= 500) {
                return code; // resending cannot reach a recipient the server rejected for good
            }
            if (code > 0 && transientCode == 0) {
                transientCode = code;
            }
            Throwable next = t.getCause(); // a MessagingException's cause is its next exception
            t = next == t ? null : next;
        }
        return transientCode;
    }

    private static String detail(MessagingException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            message = cause == null ? null : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        return message == null ? "" : ": " + AlertText.cap(AlertLine.safe(message), 200);
    }

    MimeMessage message(Delivery delivery) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject(delivery), CHARSET);
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("X-Geoalert-Delivery", delivery.deliveryId());
        if (!delivery.digest()) {
            message.setHeader(
                    "X-Geoalert-Alert", AlertLine.safe(delivery.alerts().get(0).alertId()));
        }
        if (delivery.test()) {
            message.setHeader("X-Geoalert-Test", "true");
        }
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(EmailBody.plain(delivery, DIGEST_LIMIT), CHARSET, "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(EmailBody.html(delivery, DIGEST_LIMIT), CHARSET, "html");
        // the simplest part first: a client shows the last alternative it can render
        MimeMultipart alternative = new MimeMultipart("alternative", plain, html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /** {@code [geoalert] HIGH sanctions: title}, or {@code [geoalert] digest: N alerts}. */
    static String subject(Delivery delivery) {
        String test = delivery.test() ? "TEST — " : "";
        if (delivery.digest()) {
            return "[geoalert] " + test + "digest: "
                    + AlertText.count(delivery.alerts().size());
        }
        Alert alert = delivery.alerts().get(0);
        return "[geoalert] " + test + AlertText.severity(alert) + " " + AlertText.category(alert) + ": "
                + AlertText.cap(AlertText.title(alert), SUBJECT_TITLE_LIMIT);
    }
}
