package io.strongroom.identity.internal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.strongroom.platform.ApiProblem;

/**
 * {@code /scim/v2}: SCIM 2.0 (RFC 7644) for a workspace's directory, authenticated by a SCIM token
 * ({@link ScimTokenFilter}) and nothing else. Bodies are read and written with the SCIM SDK's own JSON
 * mapping ({@code application/scim+json}); errors are SCIM error responses.
 */
@RestController
class ScimController {

    static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json");
    private static final String PROVISION = "hasAuthority('" + ScimTokenFilter.AUTHORITY + "')";
    private static final String SERVICE_PROVIDER_CONFIG = """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
             "documentationUri": "https://github.com/strongroom/strongroom#scim-20-provisioning",
             "patch": {"supported": true}, "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
             "filter": {"supported": true, "maxResults": 200}, "changePassword": {"supported": false},
             "sort": {"supported": false}, "etag": {"supported": false},
             "authenticationSchemes": [{"type": "oauthbearertoken", "name": "Bearer token",
               "description": "A SCIM token made in the workspace's settings", "primary": true}]}
            """;

    private final ScimService scim;

    ScimController(ScimService scim) {
        this.scim = scim;
    }

    private static ScimTokens.Presented token(HttpServletRequest request) {
        return (ScimTokens.Presented) request.getAttribute(ScimTokenFilter.TOKEN_ATTRIBUTE);
    }

    private static ResponseEntity<String> ok(Object resource) throws JsonProcessingException {
        return ResponseEntity.ok().contentType(SCIM_JSON).body(JsonUtils.getObjectWriter().writeValueAsString(resource));
    }

    private static <T> T read(String body, Class<T> type) throws ScimException {
        try {
            T value = JsonUtils.getObjectReader().forType(type).readValue(body == null ? "" : body);
            if (value == null) {
                throw BadRequestException.invalidSyntax("A request body is required.");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw BadRequestException.invalidSyntax("The body is not a valid " + type.getSimpleName() + ".");
        }
    }

    @PreAuthorize(PROVISION)
    @GetMapping("/scim/v2/ServiceProviderConfig")
    ResponseEntity<String> serviceProviderConfig() {
        return ResponseEntity.ok().contentType(SCIM_JSON).body(SERVICE_PROVIDER_CONFIG);
    }

    @PreAuthorize(PROVISION)
    @PostMapping("/scim/v2/Users")
    ResponseEntity<String> createUser(@RequestBody(required = false) String body, HttpServletRequest request)
            throws ScimException, JsonProcessingException {
        UserResource created = scim.createUser(read(body, UserResource.class), token(request));
        return ResponseEntity.created(created.getMeta().getLocation()).contentType(SCIM_JSON)
                .body(JsonUtils.getObjectWriter().writeValueAsString(created));
    }

    @PreAuthorize(PROVISION)
    @GetMapping("/scim/v2/Users")
    ResponseEntity<String> listUsers(@RequestParam(required = false) String filter,
            @RequestParam(required = false) Integer startIndex, @RequestParam(required = false) Integer count)
            throws ScimException, JsonProcessingException {
        return ok(scim.listUsers(filter, startIndex, count));
    }

    @PreAuthorize(PROVISION)
    @GetMapping("/scim/v2/Users/{id}")
    ResponseEntity<String> getUser(@PathVariable String id) throws ScimException, JsonProcessingException {
        return ok(scim.getUser(id));
    }

    @PreAuthorize(PROVISION)
    @PutMapping("/scim/v2/Users/{id}")
    ResponseEntity<String> replaceUser(@PathVariable String id, @RequestBody(required = false) String body,
            HttpServletRequest request) throws ScimException, JsonProcessingException {
        return ok(scim.replaceUser(id, read(body, UserResource.class), token(request)));
    }

    @PreAuthorize(PROVISION)
    @PatchMapping("/scim/v2/Users/{id}")
    ResponseEntity<String> patchUser(@PathVariable String id, @RequestBody(required = false) String body,
            HttpServletRequest request) throws ScimException, JsonProcessingException {
        return ok(scim.patchUser(id, read(body, PatchRequest.class), token(request)));
    }

    @PreAuthorize(PROVISION)
    @DeleteMapping("/scim/v2/Users/{id}")
    ResponseEntity<Void> deleteUser(@PathVariable String id, HttpServletRequest request) throws ScimException {
        scim.deleteUser(id, token(request));
        return ResponseEntity.noContent().build();
    }

    @PreAuthorize(PROVISION)
    @PostMapping("/scim/v2/Groups")
    ResponseEntity<String> createGroup(@RequestBody(required = false) String body, HttpServletRequest request)
            throws ScimException, JsonProcessingException {
        GroupResource created = scim.createGroup(read(body, GroupResource.class), token(request));
        return ResponseEntity.created(created.getMeta().getLocation()).contentType(SCIM_JSON)
                .body(JsonUtils.getObjectWriter().writeValueAsString(created));
    }

    @PreAuthorize(PROVISION)
    @GetMapping("/scim/v2/Groups")
    ResponseEntity<String> listGroups(@RequestParam(required = false) String filter,
            @RequestParam(required = false) Integer startIndex, @RequestParam(required = false) Integer count)
            throws ScimException, JsonProcessingException {
        return ok(scim.listGroups(filter, startIndex, count));
    }

    @PreAuthorize(PROVISION)
    @GetMapping("/scim/v2/Groups/{id}")
    ResponseEntity<String> getGroup(@PathVariable String id) throws ScimException, JsonProcessingException {
        return ok(scim.getGroup(id));
    }

    @PreAuthorize(PROVISION)
    @PutMapping("/scim/v2/Groups/{id}")
    ResponseEntity<String> replaceGroup(@PathVariable String id, @RequestBody(required = false) String body,
            HttpServletRequest request) throws ScimException, JsonProcessingException {
        return ok(scim.replaceGroup(id, read(body, GroupResource.class), token(request)));
    }

    @PreAuthorize(PROVISION)
    @PatchMapping("/scim/v2/Groups/{id}")
    ResponseEntity<String> patchGroup(@PathVariable String id, @RequestBody(required = false) String body,
            HttpServletRequest request) throws ScimException, JsonProcessingException {
        return ok(scim.patchGroup(id, read(body, PatchRequest.class), token(request)));
    }

    @PreAuthorize(PROVISION)
    @DeleteMapping("/scim/v2/Groups/{id}")
    ResponseEntity<Void> deleteGroup(@PathVariable String id, HttpServletRequest request) throws ScimException {
        scim.deleteGroup(id, token(request));
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(ScimException.class)
    ResponseEntity<String> scimError(ScimException e) throws JsonProcessingException {
        ErrorResponse error = e.getScimError();
        return ResponseEntity.status(error.getStatus()).contentType(SCIM_JSON)
                .body(JsonUtils.getObjectWriter().writeValueAsString(error));
    }

    /** A refusal of the platform's (a read-only workspace, a rate limit) as a SCIM error. */
    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<String> problem(ApiProblem problem) throws JsonProcessingException {
        ErrorResponse error = new ErrorResponse(problem.status().value());
        error.setDetail(problem.getMessage());
        return ResponseEntity.status(problem.status()).contentType(SCIM_JSON)
                .body(JsonUtils.getObjectWriter().writeValueAsString(error));
    }
}
