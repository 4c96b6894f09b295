package io.strongroom.timeoff.internal;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.strongroom.platform.PermissionSet;
import io.strongroom.platform.TenantTable;
import io.strongroom.platform.TenantTable.SubjectKind;
import io.strongroom.timeoff.TimeOffPermission;
import io.strongroom.web.NavigationEntry;

@Configuration(proxyBeanMethods = false)
class TimeOffConfiguration {

    @Bean
    PermissionSet timeOffPermissions() {
        return PermissionSet.of("timeoff", TimeOffPermission.values());
    }

    @Bean
    NavigationEntry timeOffNavigation() {
        return NavigationEntry.of(200, "nav.time-off", "/app/time-off", TimeOffPermission.values());
    }

    @Bean
    TenantTable leaveTypeTable() {
        return TenantTable.of("timeoff", "leave_type");
    }

    @Bean
    TenantTable workLocationTable() {
        return TenantTable.of("timeoff", "work_location");
    }

    @Bean
    TenantTable leavePolicyTable() {
        return TenantTable.of("timeoff", "leave_policy").references("leave_type", "work_location");
    }

    @Bean
    TenantTable companyHolidayTable() {
        return TenantTable.of("timeoff", "company_holiday").references("work_location");
    }

    @Bean
    TenantTable leaveMemberTable() {
        return TenantTable.of("timeoff", "leave_member").references("employee", "work_location")
                .subject(SubjectKind.PERSON, "employee_id");
    }

    /** A request's note is personal (it may say why): encrypted, exported and erased with the person. */
    @Bean
    TenantTable leaveRequestTable() {
        return TenantTable.of("timeoff", "leave_request").references("employee", "leave_type")
                .personal(java.util.Map.of(TimeOffRepository.NOTE, io.strongroom.platform.DataCategory.ABSENCE_REASON))
                .subject(SubjectKind.PERSON, "employee_id");
    }

    /** Calendar feeds: the token's hash is a secret; a restore clears them, so a revoked feed never comes back. */
    @Bean
    TenantTable calendarFeedTable() {
        return TenantTable.of("timeoff", "calendar_feed").references("app_user").secrets("token_hash").clearedByRestore();
    }

    @Bean
    TenantTable leaveSubstituteTable() {
        return TenantTable.of("timeoff", "leave_substitute").references("employee")
                .subject(SubjectKind.PERSON, "employee_id");
    }

    @Bean
    TenantTable leaveLedgerTable() {
        return TenantTable.of("timeoff", "leave_ledger").references("employee", "leave_type", "leave_request")
                .subject(SubjectKind.PERSON, "employee_id");
    }
}
