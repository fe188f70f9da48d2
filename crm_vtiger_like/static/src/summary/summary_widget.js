import { Component, onWillStart, useEffect, useRef, useState } from "@odoo/owl";

import { Dropdown } from "@web/core/dropdown/dropdown";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import {
    deserializeDate,
    deserializeDateTime,
    formatDate,
    formatDateTime,
    today,
} from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";
import { useSortable } from "@web/core/utils/sortable_owl";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

const MODEL = "crm.summary.widget";

/** Bootstrap columns of a widget by its size; always full width on a phone. */
const SIZE_CLASSES = {
    small: "col-md-6 col-lg-4",
    medium: "col-lg-6",
    large: "col-lg-12",
};

/**
 * A server date ("2026-11-30") or datetime in UTC ("2026-11-30 14:05:00")
 * as a luxon DateTime in the user's zone, with whether it has a time.
 */
function parseServerDate(value) {
    if (!value) {
        return null;
    }
    const hasTime = value.length > 10;
    return {
        hasTime,
        value: hasTime ? deserializeDateTime(value) : deserializeDate(value),
    };
}

/**
 * The "Summary" tab of the account, contact and deal cards (SPEC 3.7): the
 * widgets of the user's layout (or the company default), as returned by
 * crm.summary.widget. Every change of the layout is one RPC answering the
 * whole new payload, which is rendered as is.
 */
export class CrmSummaryWidget extends Component {
    static template = "crm_vtiger_like.SummaryWidget";
    static components = { Dropdown, DropdownItem };
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.requestId = 0;
        this.state = useState({ payload: null, busy: false });
        this.loadedKey = null;

        onWillStart(() => this.load());
        // a new card gets its id when saved; the pager changes the record
        useEffect(
            (resModel, resId) => {
                if (this.loadedKey !== `${resModel},${resId}`) {
                    this.load();
                }
            },
            () => [this.props.record.resModel, this.props.record.resId]
        );

        this.gridRef = useRef("grid");
        useSortable({
            ref: this.gridRef,
            elements: ".o_crm_summary_widget",
            handle: ".o_crm_summary_handle",
            cursor: "move",
            enable: () => !this.state.busy && this.widgets.length > 1,
            onDrop: ({ element, previous }) => this.onDrop(element, previous),
        });
    }

    // -------------------------------------------------------------------------
    // Getters used by the template
    // -------------------------------------------------------------------------

    get payload() {
        return this.state.payload;
    }

    get widgets() {
        return this.state.payload?.widgets || [];
    }

    get isNew() {
        return !this.props.record.resId;
    }

    sizeClass(widget) {
        return SIZE_CLASSES[widget.size] || SIZE_CLASSES.medium;
    }

    imageClass(widget) {
        return widget.source === "documents"
            ? "o_crm_summary_thumbnail"
            : "o_crm_summary_avatar rounded-circle";
    }

    formatRecordDate(record) {
        const date = parseServerDate(record.date);
        if (!date) {
            return "";
        }
        return date.hasTime
            ? formatDateTime(date.value, { showSeconds: false })
            : formatDate(date.value);
    }

    formatNumber(value) {
        return Number.isInteger(value) ? String(value) : formatFloat(value);
    }

    barWidth(widget, bar) {
        const max = Math.max(0, ...widget.chart.map((b) => b.value));
        return max > 0 ? Math.max(0, (bar.value / max) * 100).toFixed(1) : 0;
    }

    /**
     * The rows of a timeline, by local day (newest first, as the server
     * sorts them), each with its time of the day when it has one.
     */
    timelineGroups(widget) {
        const groups = [];
        const byKey = {};
        const todayKey = today().toISODate();
        const yesterdayKey = today().minus({ days: 1 }).toISODate();
        for (const record of widget.records) {
            const date = parseServerDate(record.date);
            const key = date ? date.value.toISODate() : "none";
            if (!byKey[key]) {
                let label = _t("No date");
                if (key === todayKey) {
                    label = _t("Today");
                } else if (key === yesterdayKey) {
                    label = _t("Yesterday");
                } else if (date) {
                    label = formatDate(date.value);
                }
                byKey[key] = { key, label, rows: [] };
                groups.push(byKey[key]);
            }
            byKey[key].rows.push({
                record,
                time:
                    date && date.hasTime
                        ? formatDateTime(date.value, { format: localization.shortTimeFormat })
                        : "",
            });
        }
        return groups;
    }

    // -------------------------------------------------------------------------
    // Loading and changes of the layout
    // -------------------------------------------------------------------------

    async load() {
        const { resModel, resId } = this.props.record;
        const key = `${resModel},${resId}`;
        if (key !== this.loadedKey) {
            // another card: do not show the previous one's summary meanwhile
            this.state.payload = null;
            this.loadedKey = key;
        }
        if (!resId) {
            this.requestId++; // a pending answer is for the previous card
            return;
        }
        await this.fetch("get_summary");
    }

    /**
     * Calls a method of crm.summary.widget on the card and renders the
     * payload it answers, unless a later call was made in the meantime.
     */
    async fetch(method, ...args) {
        const { resModel, resId } = this.props.record;
        const requestId = ++this.requestId;
        const payload = await this.orm.call(MODEL, method, [resModel, resId, ...args]);
        if (requestId === this.requestId) {
            this.state.payload = payload;
        }
    }

    /** A change of the user's layout: one at a time. */
    async change(method, ...args) {
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            await this.fetch(method, ...args);
        } finally {
            this.state.busy = false;
        }
    }

    update(widget, values) {
        if (Object.entries(values).every(([key, value]) => widget[key] === value)) {
            return;
        }
        return this.change("summary_update", widget.id, values);
    }

    move(widget, offset) {
        const ids = this.widgets.map((w) => w.id);
        const index = ids.indexOf(widget.id);
        const target = index + offset;
        if (index < 0 || target < 0 || target >= ids.length) {
            return;
        }
        ids.splice(index, 1);
        ids.splice(target, 0, widget.id);
        return this.change("summary_move", ids);
    }

    onDrop(element, previous) {
        const id = parseInt(element.dataset.id, 10);
        const ids = this.widgets.map((w) => w.id).filter((wid) => wid !== id);
        const index = previous ? ids.indexOf(parseInt(previous.dataset.id, 10)) + 1 : 0;
        ids.splice(index, 0, id);
        return this.change("summary_move", ids);
    }

    remove(widget) {
        return this.change("summary_remove", widget.id);
    }

    add(source) {
        return this.change("summary_add", source);
    }

    reset() {
        return this.change("summary_reset");
    }

    // -------------------------------------------------------------------------
    // Navigation
    // -------------------------------------------------------------------------

    async openAll(widget) {
        const { resModel, resId } = this.props.record;
        const action = await this.orm.call(MODEL, "action_open_all", [
            resModel,
            resId,
            widget.id,
        ]);
        return this.action.doAction(action);
    }

    async create(widget) {
        const { resModel, resId } = this.props.record;
        const action = await this.orm.call(MODEL, "action_create", [resModel, resId, widget.id]);
        return this.action.doAction(action, { onClose: () => this.load() });
    }

    openRecord(record) {
        if (!record.res_model || !record.id) {
            return;
        }
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: record.res_model,
            res_id: record.id,
            views: [[false, "form"]],
            target: "current",
        });
    }
}

export const crmSummaryWidget = {
    component: CrmSummaryWidget,
};

registry.category("view_widgets").add("crm_vtiger_summary", crmSummaryWidget);
