package io.strongroom.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What a person does with their own account, for the browser pages (the JSON API offers the same
 * under {@code /api/v1/auth} and {@code /api/v1/me}). Failures are {@code ApiProblem}s.
 */
public interface AccountService {

    /** Signs in and sets the session cookies on {@code response}; one 401 answer for every failure. */
    void signIn(String workspace, String email, String password, HttpServletRequest request, HttpServletResponse response);

    /** Ends the current session (if any) and clears the cookies. */
    void signOut(HttpServletRequest request, HttpServletResponse response);

    /** The signed-in user. */
    Me me();

    /** Returns warnings under a "recommended" policy; ends the user's other sessions. */
    List<String> changePassword(String currentPassword, String newPassword);

    List<SessionInfo> sessions();

    void endSession(UUID sessionId);

    /** Sign out everywhere, this session included. */
    void endAllSessions();

    /** Mails a recovery link if the account exists; says nothing either way. */
    void requestRecovery(String workspace, String email);

    List<String> completeReset(String token, String newPassword);

    List<String> acceptInvitation(String token, String password);

    /**
     * The policy's verdict on a candidate password, for live feedback while it is typed: the
     * signed-in user's workspace policy, or the default policy of a new workspace.
     */
    PasswordCheck checkPassword(String password, List<String> contextWords);

    record Me(UUID id, String email, String displayName, String status, UUID tenantId, String workspace,
            String companyName, UUID sessionId, List<String> permissions) {
    }

    record SessionInfo(UUID id, Instant createdAt, Instant lastUsedAt, String ip, String userAgent, boolean current) {
    }

    /** @param score 0 (trivial) to 4 (very strong); @param problems reasons, empty when acceptable */
    record PasswordCheck(int score, List<String> problems, boolean enforced) {

        public boolean acceptable() {
            return problems.isEmpty();
        }
    }
}
