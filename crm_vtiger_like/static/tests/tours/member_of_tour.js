import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_vtiger_like_member_of", {
    steps: () => [
        {
            trigger: ".o_notebook a[name='vtiger_account']",
            run: "click",
        },
        {
            content: "vtiger's Member Of: the group's account",
            trigger: ".o_field_widget[name='member_of_id'] input",
            run: "edit Тур Холдинг",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Тур Холдинг')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "The member keeps its own address",
            trigger: ".o_form_view .o_field_widget[name='city'] input:value(Казань)",
        },
        {
            content: "The group is one click away",
            trigger: ".o_form_view button[name='action_view_vtiger_group']",
            run: "click",
        },
        {
            content: "The group's list: the member under the group's account",
            trigger: ".o_list_view .o_group_name:contains('Тур Холдинг')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='name']:contains('Тур Дочка')",
        },
    ],
});
