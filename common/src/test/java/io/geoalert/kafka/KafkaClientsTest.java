package io.geoalert.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private final KafkaClients secured = new KafkaClients(
            "broker:9093",
            Map.of(
                    "security.protocol",
                    "SSL",
                    "ssl.truststore.password",
                    "s3cret",
                    "ssl.truststore.location",
                    "/etc/trust.p12"));

    @Test
    void theOperatorsPropertiesReachEveryClientOverItsOwnSettings() {
        Map<String, Object> config = secured.config(Map.of("acks", "all", "security.protocol", "PLAINTEXT"));
        assertEquals("broker:9093", config.get("bootstrap.servers"));
        assertEquals("all", config.get("acks"));
        assertEquals("SSL", config.get("security.protocol"), "the operator's security settings win");
        assertEquals("/etc/trust.p12", config.get("ssl.truststore.location"));
    }

    @Test
    void refusesAPropertyNoKafkaClientKnowsNamingIt() {
        IllegalArgumentException typo = assertThrows(
                IllegalArgumentException.class,
                () -> KafkaClients.of("b:9092").with(Map.of("security.protocoll", "SSL")));
        assertTrue(typo.getMessage().startsWith("kafka.security.protocoll is not a property"), typo.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> KafkaClients.of("b:9092").with(Map.of("bootstrap.servers", "x:1")));
        assertThrows(IllegalArgumentException.class, () -> KafkaClients.of(" "));
    }

    @Test
    void neverShowsPropertyValues() {
        assertFalse(secured.toString().contains("s3cret"), secured.toString());
        assertTrue(secured.toString().contains("ssl.truststore.password"), secured.toString());
    }
}
