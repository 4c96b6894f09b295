package io.strongroom.bench.bare;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The framework's limit for the read scenario: the same stack as Strongroom (HTTPS on Tomcat with
 * virtual threads, Spring MVC, Jackson, Hikari, the same SQL through {@code JdbcClient}) with none
 * of its own work: no authentication, no permission checks, no tenant binding or row-level
 * security (it reads as the database superuser), no audit, no headers filter. Only the listed
 * auto-configurations run, so nothing of the application on the class path is started. Started
 * by the harness as its own process ({@code BareServer}) so its CPU is measured apart.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, SslAutoConfiguration.class,
        TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
        DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class})
@Import(BareReadServer.People.class)
public class BareReadServer {

    /** The columns Strongroom's person read selects. */
    public static final String COLUMNS = "id, version, created_at, updated_at, given_name, family_name, work_email, "
            + "job_title, department, manager_id, start_date, end_date, status, user_id, date_of_birth, "
            + "personal_email, phone, home_address, national_id, iban, emergency_contact";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BareReadServer.class);
        application.setDefaultProperties(Map.of("spring.config.name", "bare-read", "spring.main.banner-mode", "off",
                "spring.threads.virtual.enabled", "true"));
        application.run(args);
    }

    @RestController
    static class People {

        private final JdbcClient jdbc;

        People(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @GetMapping("/people/{tenant}/{id}")
        Map<String, Object> person(@PathVariable UUID tenant, @PathVariable UUID id) {
            return jdbc.sql("select " + COLUMNS + " from employee where tenant_id = :tenant and id = :id")
                    .param("tenant", tenant).param("id", id).query().singleRow();
        }

        @GetMapping("/ready")
        String ready() {
            return "ready";
        }
    }
}
