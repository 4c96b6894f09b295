package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.Browser;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * The backups page in a real browser (Debian's chromium): an owner backs up, sees the verified
 * backup, the job and the drill, and restores behind a confirmation; an administrator sees the page
 * without the restore; every page passes axe-core, the CSP and keeps browser storage empty.
 */
class BackupPagesTest extends ApiTest {

    @Autowired
    BackupJobs jobs;

    final List<Browser> browsers = new ArrayList<>();

    @BeforeEach
    void chromium() {
        Assumptions.assumeTrue(Browser.available(),
                "Browser tests skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed "
                        + "(apt-get install chromium chromium-driver). They are NOT counted as passed.");
    }

    @AfterEach
    void closeBrowsers() {
        for (Browser browser : browsers) {
            try {
                assertThat(browser.consoleProblems()).as("console errors or CSP violations").isEmpty();
                assertThat(browser.accessibilityViolations()).as("axe-core: WCAG 2.1 A/AA violations").isEmpty();
                assertThat(browser.storage()).isEmpty();
            } finally {
                browser.close();
            }
        }
    }

    private Browser signedIn(Workspace ws, String email, String password) {
        Browser browser = new Browser(port, 1280, 900);
        browsers.add(browser);
        browser.open("/w/" + ws.workspace() + "/login");
        browser.type("#email", email).type("#password", password).submit("main button[type=submit]");
        return browser;
    }

    @Test
    @Tag("B5")
    @Tag("B7")
    void anOwnerBacksUpSeesTheResultsAndRestoresBehindAConfirmation() {
        Workspace ws = TestUsers.signUp(client(), "backuppage");
        Browser browser = signedIn(ws, ws.ownerEmail(), ws.ownerPassword());
        browser.open("/app/backups");
        assertThat(browser.text()).contains("No backups yet.");
        browser.checkAccessibility();
        browser.submit("main form button[type=submit]");
        assertThat(browser.text()).contains("The backup was started");
        jobs.runOpenJobs();
        jobs.scheduleDrills(ws.tenantId()::equals);
        jobs.runOpenJobs();
        browser.open("/app/backups");
        assertThat(browser.text()).contains("Verified").contains("On demand").contains("Passed").contains("Restore drill");
        browser.checkAccessibility();

        browser.click("a[href$='/restore']");
        assertThat(browser.path()).endsWith("/restore");
        assertThat(browser.text()).contains("Everyone is signed out");
        browser.checkAccessibility();
        browser.submit("main form button[type=submit]");
        assertThat(browser.text()).as("the box must be ticked").contains("must be confirmed");
        assertThat(jobsOf(ws)).as("nothing was asked for").isNotEmpty().noneMatch(j -> j.kind().equals("restore"));
        browser.checkAccessibility();
        browser.click("#replace").submit("main form button[type=submit]");
        assertThat(browser.text()).contains("The restore was started");
    }

    /** The workspace's backup jobs (they are read under its binding, like everything of a workspace). */
    private List<BackupJobs.Job> jobsOf(Workspace ws) {
        return io.strongroom.platform.TenantContext.callAs(ws.tenantId(), () -> jobs.jobs(10));
    }

    @Test
    @Tag("B5")
    void anOwnerRestoresABackupIntoANewWorkspaceNamedOnTheConfirmationPage() {
        Workspace ws = TestUsers.signUp(client(), "backupcopy");
        Browser browser = signedIn(ws, ws.ownerEmail(), ws.ownerPassword());
        browser.open("/app/backups");
        browser.submit("main form button[type=submit]");
        jobs.runOpenJobs();
        browser.open("/app/backups");
        browser.click("a[href$='/restore']");
        assertThat(browser.text()).contains("Restore into a new workspace").contains("This workspace is not changed");
        browser.type("#workspace", ws.workspace()).submit("form[action$='/copy'] button[type=submit]");
        assertThat(browser.text()).as("its own name is taken").contains("is already taken");
        assertThat(browser.find("#workspace").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(jobsOf(ws)).isNotEmpty().noneMatch(j -> j.targetWorkspace() != null);
        browser.type("#workspace", ws.workspace() + "-inspect").submit("form[action$='/copy'] button[type=submit]");
        assertThat(browser.text()).contains("The restore into a new workspace was started");
        jobs.runOpenJobs();
        assertThat(jobsOf(ws)).anySatisfy(j -> {
            assertThat(j.targetWorkspace()).isEqualTo(ws.workspace() + "-inspect");
            assertThat(j.state()).isEqualTo("succeeded");
            assertThat(j.targetTenant()).isNotNull();
        });
    }

    @Test
    @Tag("B5")
    void anAdministratorSeesTheBackupsButCannotRestore() {
        Workspace ws = TestUsers.signUp(client(), "backupadmin");
        TestUsers.addUser(ws.tenantId(), "admin@backuppage.example", "Admin-backuppage-passphrase-1", "administrator");
        Browser browser = signedIn(ws, "admin@backuppage.example", "Admin-backuppage-passphrase-1");
        browser.open("/app/backups");
        assertThat(browser.text()).contains("Back up now");
        assertThat(browser.findAll("a[href$='/restore']")).isEmpty();
        browser.open("/app/backups/" + java.util.UUID.randomUUID() + "/restore");
        assertThat(browser.text()).doesNotContain("Everyone is signed out");
    }
}
