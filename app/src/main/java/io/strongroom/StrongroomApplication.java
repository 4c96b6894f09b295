package io.strongroom;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class StrongroomApplication {

    public static void main(String[] args) {
        SpringApplication.run(StrongroomApplication.class, args);
    }
}
