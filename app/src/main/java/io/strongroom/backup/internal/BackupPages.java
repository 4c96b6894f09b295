package io.strongroom.backup.internal;

import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.strongroom.backup.BackupPermission;
import io.strongroom.identity.Caller;
import io.strongroom.platform.ApiProblem;
import io.strongroom.tenancy.WorkspaceCopies;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;

/**
 * The backups page: the workspace's backups with their verification, the jobs with their state,
 * the restore drills; "Back up now" (backups:create) and, per verified backup, a restore behind a
 * confirmation page (backups:restore, Owners): in place, or into a new workspace named there.
 */
@PageController
class BackupPages {

    static final int SHOWN = 50;
    private final BackupJobs jobs;
    private final WorkspaceCopies copies;

    BackupPages(BackupJobs jobs, WorkspaceCopies copies) {
        this.jobs = jobs;
        this.copies = copies;
    }

    @PreAuthorize("hasAuthority('backups:read')")
    @GetMapping("/app/backups")
    String list(Model model) {
        Caller caller = Caller.require();
        model.addAttribute("backups", jobs.backups(SHOWN));
        model.addAttribute("jobs", jobs.jobs(10));
        model.addAttribute("drills", jobs.drills(10));
        model.addAttribute("canCreate", caller.has(BackupPermission.BACKUPS_CREATE));
        model.addAttribute("canRestore", caller.has(BackupPermission.BACKUPS_RESTORE));
        return "backup/list";
    }

    @PreAuthorize("hasAuthority('backups:create')")
    @PostMapping("/app/backups")
    String create(Model model, RedirectAttributes redirect) {
        if (Forms.attempt(model, () -> jobs.requestBackup(Caller.require().userId())) == null) {
            return list(model);
        }
        redirect.addFlashAttribute("notice", "backup.requested");
        return "redirect:/app/backups";
    }

    @PreAuthorize("hasAuthority('backups:restore')")
    @GetMapping("/app/backups/{id}/restore")
    String confirmRestore(@PathVariable UUID id, Model model) {
        model.addAttribute("backup", jobs.backup(id).orElseThrow(() -> ApiProblem.notFound("The backup")));
        return "backup/restore";
    }

    /** Needs the box ticked that says the current data is replaced: a restore is never one click away. */
    @PreAuthorize("hasAuthority('backups:restore')")
    @io.strongroom.platform.StepUp("replaces the workspace's data")
    @PostMapping("/app/backups/{id}/restore")
    String restore(@PathVariable UUID id, @RequestParam(name = "replace", required = false) String replace, Model model,
            RedirectAttributes redirect) {
        BackupJobs.BackupEntry backup = jobs.backup(id).orElseThrow(() -> ApiProblem.notFound("The backup"));
        if (!"yes".equals(replace)) {
            Forms.record(model, ApiProblem.validation("replace", "must be confirmed"));
            model.addAttribute("backup", backup);
            return "backup/restore";
        }
        if (Forms.attempt(model, () -> jobs.requestRestore(id, Caller.require().userId())) == null) {
            model.addAttribute("backup", backup);
            return "backup/restore";
        }
        redirect.addFlashAttribute("notice", "backup.restore-requested");
        return "redirect:/app/backups";
    }

    /** Restores the backup into a new workspace named in the form; this workspace is not touched. */
    @PreAuthorize("hasAuthority('backups:restore')")
    @io.strongroom.platform.StepUp("copies the workspace's data into a new workspace")
    @PostMapping("/app/backups/{id}/copy")
    String copy(@PathVariable UUID id, @RequestParam(name = "workspace", required = false) String workspace, Model model,
            RedirectAttributes redirect) {
        BackupJobs.BackupEntry backup = jobs.backup(id).orElseThrow(() -> ApiProblem.notFound("The backup"));
        if (Forms.attempt(model, () -> jobs.requestCopy(id, copies.checkNewName(workspace), Caller.require().userId()))
                == null) {
            model.addAttribute("backup", backup);
            model.addAttribute("workspace", workspace);
            return "backup/restore";
        }
        redirect.addFlashAttribute("notice", "backup.copy-requested");
        return "redirect:/app/backups";
    }
}
