package io.strongroom.platform.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * JSON input hygiene: a text value with a NUL character is refused with 400 as an invalid field
 * (PostgreSQL cannot store NUL in text, and no legitimate input contains one).
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JacksonModule safeStrings() {
        return new SimpleModule("strongroom-safe-strings").addDeserializer(String.class, new NoNulStringDeserializer());
    }

    static final class NoNulStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0) {
                throw context.weirdStringException(value, String.class, "contains a NUL character");
            }
            return value;
        }
    }
}
