package io.strongroom.people.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditTargetNames;
import io.strongroom.audit.PersonalValueDisclosure;
import io.strongroom.people.PeoplePermission;
import io.strongroom.people.PersonField;
import io.strongroom.platform.PermissionSet;
import io.strongroom.platform.TenantTable;
import io.strongroom.platform.TenantTable.SubjectKind;
import io.strongroom.web.NavigationEntry;

@Configuration(proxyBeanMethods = false)
class PeopleConfiguration {

    @Bean
    PermissionSet peoplePermissions() {
        return PermissionSet.of("people", PeoplePermission.values());
    }

    /** Personal values of people records in the audit trail: for callers who may read them in the records. */
    @Bean
    PersonalValueDisclosure peoplePersonalValues() {
        return caller -> caller.has(PeoplePermission.PERSONAL_READ);
    }

    @Bean
    NavigationEntry peopleNavigation() {
        return NavigationEntry.of(100, "nav.people", "/app/people", PeoplePermission.PEOPLE_READ);
    }

    /** The person record; its personal columns are the personal fields of the field catalog ({@link PersonField}). */
    @Bean
    TenantTable employeeTable() {
        java.util.Map<String, io.strongroom.platform.DataCategory> personal = new java.util.LinkedHashMap<>();
        PersonField.personalFields().forEach(field -> personal.put(field.apiName(), field.category()));
        return TenantTable.of("people", "employee").references("app_user")
                .personal(personal)
                .subject(SubjectKind.PERSON, "id")
                .blindIndex(PersonField.NATIONAL_ID.apiName(), PersonRepository.NATIONAL_ID_INDEX);
    }

    /** People's names in the audit trail's pages (work fields only). */
    @Bean
    AuditTargetNames personNames(JdbcClient jdbc, TransactionTemplate transactions) {
        return AuditTargetNames.of("employee", "select id, given_name || ' ' || family_name from employee"
                + " where tenant_id = :tenant and id in (:ids)", jdbc, transactions);
    }
}
