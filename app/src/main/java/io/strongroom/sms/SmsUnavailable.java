package io.strongroom.sms;

/** The gateway did not accept a message; the caller tells the user to try again or use another factor. */
public class SmsUnavailable extends RuntimeException {

    public SmsUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
