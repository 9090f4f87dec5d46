/* circlet-window.c
 *
 * The main window: the welcome page while there is no organization, else a
 * sidebar of sections beside the list of the selected one, for the
 * organization chosen in the header bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-application-private.h"
#include "circlet-key-banner.h"
#include "circlet-list-page.h"
#include "circlet-org-switcher.h"
#include "circlet-sections.h"
#include "circlet-window-private.h"

/* "Updated N minutes ago" changes once a minute, no more often. */

struct _CircletWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  GtkStack        *main_stack;
  AdwStatusPage   *welcome_page;
  GtkButton       *open_dashboard_button;
  AdwLeaflet      *leaflet;
  GtkWidget       *content_pane;
  GtkBox          *switcher_slot;
  GtkListBox      *sidebar_list;
  AdwWindowTitle  *content_title;
  GtkBox          *banner_slot;
  GtkSearchBar    *search_bar;
  GtkSearchEntry  *search_entry;
  GtkStack        *pages;

  /* Borrowed references */
  CircletAccountStore *store;
  CircletSession      *session;
  CircletOrgSwitcher  *org_switcher;
  CircletKeyBanner    *key_banner;

  /* Owned references */
  GSettings      *settings;
  CircletAccount *account;

  CircletResource resource;
  guint           age_timeout_id;
  guint           help_overlay_idle_id;
};

G_DEFINE_FINAL_TYPE (CircletWindow, circlet_window, ADW_TYPE_APPLICATION_WINDOW)

static void
open_dashboard_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), CIRCLET_DASHBOARD_URL, GDK_CURRENT_TIME);
}

/* The app's symbolic icon lives in the icon theme, which an uninstalled run
 * (./dev run, the tests) doesn't have: show a key rather than GTK's
 * broken-image picture there. */
static void
ensure_welcome_icon (CircletWindow *self)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  const char *icon_name = adw_status_page_get_icon_name (self->welcome_page);

  if (icon_name != NULL && !gtk_icon_theme_has_icon (theme, icon_name))
    adw_status_page_set_icon_name (self->welcome_page, "dialog-password-symbolic");
}

static CircletListPage *
get_visible_page (CircletWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->pages);

  return CIRCLET_IS_LIST_PAGE (child) ? CIRCLET_LIST_PAGE (child) : NULL;
}

/* Sidebar rows and sections share their index. */
static GtkListBoxRow *
find_row (CircletWindow   *self,
          CircletResource  resource)
{
  const CircletSection *sections;
  guint n_sections;

  sections = circlet_sections_list (&n_sections);
  for (guint i = 0; i < n_sections; i++)
    if (sections[i].resource == resource)
      return gtk_list_box_get_row_at_index (self->sidebar_list, i);

  return NULL;
}

static gboolean age_timeout_cb (gpointer user_data);

/* Brings the visible list's "Updated …" line up to date, and wakes up again
 * when its text next changes: not at all while the window is hidden, nor
 * for a list shown for a day. */
static void
update_ages (CircletWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  CircletListPage *page = get_visible_page (self);
  GTimeSpan next = -1;

  g_clear_handle_id (&self->age_timeout_id, g_source_remove);

  if (page != NULL)
    {
      circlet_list_page_update_age (page, now);
      next = circlet_list_page_get_age_next_change (page, now);
    }

  if (next >= 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->age_timeout_id = g_timeout_add_full (G_PRIORITY_LOW, next / 1000 + 1,
                                               age_timeout_cb, self, NULL);
}

static gboolean
age_timeout_cb (gpointer user_data)
{
  CircletWindow *self = user_data;

  self->age_timeout_id = 0;
  update_ages (self);
  return G_SOURCE_REMOVE;
}

/* Shows the list of @resource for the current organization, creating its
 * page (and starting its first load) on the first visit only. */
static void
show_section (CircletWindow   *self,
              CircletResource  resource)
{
  const CircletSection *section = circlet_section_get (resource);
  const char *name = circlet_resource_get_name (resource);
  GtkWidget *page;

  self->resource = resource;
  adw_window_title_set_title (self->content_title, circlet_section_title (section));
  adw_window_title_set_subtitle (self->content_title, _(section->group));
  g_settings_set_string (self->settings, "selected-section", name);

  /* A search belongs to the list it was typed in. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);

  if (self->account == NULL)
    return;

  page = gtk_stack_get_child_by_name (self->pages, name);
  if (page == NULL)
    {
      page = circlet_list_page_new (resource, self->session, self->account);
      gtk_stack_add_named (self->pages, page, name);
      /* A load or a refresh restarts its "Updated …" line. */
      g_signal_connect_object (page, "notify::loading", G_CALLBACK (update_ages), self, G_CONNECT_SWAPPED);
    }

  gtk_stack_set_visible_child (self->pages, page);
  circlet_list_page_ensure_loaded (CIRCLET_LIST_PAGE (page));
  update_ages (self);
}

static void
remove_pages (CircletWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages))) != NULL)
    gtk_stack_remove (self->pages, child);
}

/* Another organization: its lists replace the previous one's, which are
 * dropped with their data. */
static void
set_account (CircletWindow  *self,
             CircletAccount *account)
{
  if (self->account == account)
    return;

  remove_pages (self);
  g_set_object (&self->account, account);

  if (account != NULL)
    g_settings_set_string (self->settings, "selected-organization", circlet_account_get_id (account));
  circlet_key_banner_set_account (self->key_banner, account);

  show_section (self, self->resource);
}

static guint
find_account_position (GListModel *accounts,
                       const char *id)
{
  guint n = g_list_model_get_n_items (accounts);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CircletAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (circlet_account_get_id (account), id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/**
 * circlet_window_dup_restored_account:
 * @settings: the application's #GSettings
 * @accounts: the #CircletAccountStore
 *
 * Returns: (transfer full) (nullable): the organization a new window shows:
 *   the one chosen last time, else the first one
 */
CircletAccount *
circlet_window_dup_restored_account (GSettings  *settings,
                                     GListModel *accounts)
{
  g_autofree char *wanted = g_settings_get_string (settings, "selected-organization");
  guint position = find_account_position (accounts, wanted);

  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;

  return g_list_model_get_item (accounts, position);
}

/**
 * circlet_window_get_restored_section:
 * @settings: the application's #GSettings
 *
 * Returns: the list a new window shows: the one chosen last time, else the
 *   testing distribution profiles
 */
CircletResource
circlet_window_get_restored_section (GSettings *settings)
{
  g_autofree char *section = g_settings_get_string (settings, "selected-section");
  CircletResource resource;

  if (!circlet_resource_from_name (section, &resource) || circlet_section_get (resource)->group == NULL)
    resource = CIRCLET_RESOURCE_DISTRIBUTION_PROFILES;

  return resource;
}

static void
switcher_selected_cb (CircletWindow *self)
{
  set_account (self, circlet_org_switcher_get_selected_account (self->org_switcher));
}

/* The welcome page without organizations; else the lists, for the
 * organization chosen last time (or the first one). */
static void
update_main_page (CircletWindow *self)
{
  guint n_accounts = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autoptr(CircletAccount) account = NULL;

  if (n_accounts == 0)
    {
      set_account (self, NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      return;
    }

  gtk_stack_set_visible_child_name (self->main_stack, "main");

  if (self->account != NULL &&
      find_account_position (G_LIST_MODEL (self->store),
                             circlet_account_get_id (self->account)) != GTK_INVALID_LIST_POSITION)
    return;

  account = circlet_window_dup_restored_account (self->settings, G_LIST_MODEL (self->store));
  circlet_org_switcher_set_selected_account (self->org_switcher, account);
  set_account (self, account);
}

static void
store_items_changed_cb (CircletWindow *self)
{
  update_main_page (self);
}

static void
setup_sidebar (CircletWindow *self)
{
  const CircletSection *sections;
  guint n_sections;

  sections = circlet_sections_list (&n_sections);
  for (guint i = 0; i < n_sections; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *image = gtk_image_new_from_icon_name (sections[i].icon_name);
      GtkWidget *label = gtk_label_new (circlet_section_title (&sections[i]));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), image);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_append (self->sidebar_list, box);
    }
}

/* A heading above the first row of each group. */
static void
sidebar_header_func (GtkListBoxRow *row,
                     GtkListBoxRow *before,
                     gpointer       user_data)
{
  const CircletSection *sections;
  const CircletSection *section;
  guint n_sections;
  GtkWidget *header;

  sections = circlet_sections_list (&n_sections);
  section = &sections[gtk_list_box_row_get_index (row)];

  if (before != NULL &&
      g_strcmp0 (sections[gtk_list_box_row_get_index (before)].group, section->group) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (_(section->group));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "sidebar-heading");
  gtk_list_box_row_set_header (row, header);
}

static void
sidebar_row_selected_cb (CircletWindow *self,
                         GtkListBoxRow *row)
{
  const CircletSection *sections;
  guint n_sections;

  if (row == NULL)
    return;

  sections = circlet_sections_list (&n_sections);
  show_section (self, sections[gtk_list_box_row_get_index (row)].resource);
}

static void
sidebar_row_activated_cb (CircletWindow *self,
                          GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (CircletWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
search_changed_cb (CircletWindow *self)
{
  CircletListPage *page = get_visible_page (self);

  if (page != NULL)
    circlet_list_page_set_search (page, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CircletWindow *self = CIRCLET_WINDOW (widget);
  CircletListPage *page = get_visible_page (self);

  if (page != NULL)
    circlet_list_page_reload (page);
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CircletWindow *self = CIRCLET_WINDOW (widget);
  gboolean active = gtk_search_bar_get_search_mode (self->search_bar);

  if (!gtk_widget_get_mapped (self->content_pane))
    return;

  gtk_search_bar_set_search_mode (self->search_bar, !active);
  if (!active)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
move_section (CircletWindow *self,
              int            delta)
{
  guint n_sections;
  GtkListBoxRow *row = find_row (self, self->resource);
  int index = row ? gtk_list_box_row_get_index (row) : 0;

  circlet_sections_list (&n_sections);
  index = CLAMP (index + delta, 0, (int) n_sections - 1);
  gtk_list_box_select_row (self->sidebar_list, gtk_list_box_get_row_at_index (self->sidebar_list, index));
}

static void
next_section_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  move_section (CIRCLET_WINDOW (widget), 1);
}

static void
previous_section_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  move_section (CIRCLET_WINDOW (widget), -1);
}

static void
setup_switcher (CircletWindow *self)
{
  self->org_switcher = CIRCLET_ORG_SWITCHER (circlet_org_switcher_new ());
  circlet_org_switcher_set_accounts (self->org_switcher, G_LIST_MODEL (self->store));
  gtk_box_append (self->switcher_slot, GTK_WIDGET (self->org_switcher));

  self->key_banner = CIRCLET_KEY_BANNER (circlet_key_banner_new ());
  gtk_box_append (self->banner_slot, GTK_WIDGET (self->key_banner));
}

/* The window learns its application after init: that is when it can reach
 * the organizations and the session. */
static void
application_cb (CircletWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  CircletResource resource;

  if (application == NULL || self->store != NULL)
    return;

  self->store = _circlet_application_get_account_store (CIRCLET_APPLICATION (application));
  self->session = _circlet_application_get_session (CIRCLET_APPLICATION (application));

  resource = circlet_window_get_restored_section (self->settings);
  self->resource = resource;

  setup_switcher (self);

  /* Select the row before listening, so that the restored section is shown
   * once, by update_main_page(). */
  gtk_list_box_select_row (self->sidebar_list, find_row (self, resource));
  g_signal_connect_object (self->sidebar_list, "row-selected",
                           G_CALLBACK (sidebar_row_selected_cb), self,
                           G_CONNECT_SWAPPED);
  update_main_page (self);

  g_signal_connect_object (self->org_switcher, "notify::selected-account",
                           G_CALLBACK (switcher_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "items-changed",
                           G_CALLBACK (store_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * _circlet_window_ensure_help_overlay:
 * @self: a #CircletWindow
 *
 * Gives @self its shortcuts window (and the `win.show-help-overlay`
 * action), unless it has it. GtkApplication would build it with every
 * window, before the window is shown; Circlet builds it once the window's
 * first frame is drawn, or when it is asked for.
 */
void
_circlet_window_ensure_help_overlay (CircletWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  g_clear_handle_id (&self->help_overlay_idle_id, g_source_remove);
  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self)) != NULL)
    return;

  builder = gtk_builder_new_from_resource (RESOURCE_PATH "/circlet-shortcuts-window.ui");
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self),
                                           GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

static gboolean
help_overlay_idle_cb (gpointer user_data)
{
  CircletWindow *self = user_data;

  self->help_overlay_idle_id = 0;
  _circlet_window_ensure_help_overlay (self);
  return G_SOURCE_REMOVE;
}

static void
first_frame_cb (CircletWindow *self,
                GdkFrameClock *clock)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  if (self->help_overlay_idle_id == 0)
    self->help_overlay_idle_id = g_idle_add_full (G_PRIORITY_LOW, help_overlay_idle_cb, self, NULL);
}

static void
circlet_window_map (GtkWidget *widget)
{
  CircletWindow *self = CIRCLET_WINDOW (widget);

  GTK_WIDGET_CLASS (circlet_window_parent_class)->map (widget);

  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self)) == NULL)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (first_frame_cb), self, G_CONNECT_SWAPPED);

  update_ages (self);
}

static void
circlet_window_unmap (GtkWidget *widget)
{
  CircletWindow *self = CIRCLET_WINDOW (widget);

  g_clear_handle_id (&self->age_timeout_id, g_source_remove);

  GTK_WIDGET_CLASS (circlet_window_parent_class)->unmap (widget);
}

static void
circlet_window_dispose (GObject *object)
{
  CircletWindow *self = CIRCLET_WINDOW (object);

  g_clear_handle_id (&self->age_timeout_id, g_source_remove);
  g_clear_handle_id (&self->help_overlay_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CIRCLET_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->account);
  self->store = NULL;
  self->session = NULL;
  self->org_switcher = NULL;
  self->key_banner = NULL;

  G_OBJECT_CLASS (circlet_window_parent_class)->dispose (object);
}

static void
circlet_window_class_init (CircletWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = circlet_window_dispose;
  widget_class->map = circlet_window_map;
  widget_class->unmap = circlet_window_unmap;

  g_type_ensure (CIRCLET_TYPE_LIST_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/circlet-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, open_dashboard_button);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, switcher_slot);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, banner_slot);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, pages);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.open-dashboard", NULL, open_dashboard_action_cb);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action_cb);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "win.next-section", NULL, next_section_action_cb);
  gtk_widget_class_install_action (widget_class, "win.previous-section", NULL, previous_section_action_cb);

  /* Listed in circlet-shortcuts-window.ui. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "win.next-section", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "win.previous-section", NULL);
}

static void
circlet_window_init (CircletWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The URL is not a translatable string, so it is set here rather than in the .ui. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->open_dashboard_button), CIRCLET_DASHBOARD_URL);
  ensure_welcome_icon (self);

  setup_sidebar (self);
  gtk_list_box_set_header_func (self->sidebar_list, sidebar_header_func, NULL, NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  /* Bound both ways: the window opens at the stored size, and GTK updates
   * default-width/height as the user resizes, so the last size is stored
   * by the time the window closes. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect (self, "notify::application", G_CALLBACK (application_cb), NULL);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

CircletWindow *
circlet_window_new (CircletApplication *application)
{
  g_return_val_if_fail (CIRCLET_IS_APPLICATION (application), NULL);

  return g_object_new (CIRCLET_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* For the tests: which page of the main stack is showing. */
const char *
_circlet_window_get_visible_page_name (CircletWindow *self)
{
  g_return_val_if_fail (CIRCLET_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* For the tests: the list on screen, or %NULL. */
CircletListPage *
_circlet_window_get_visible_list (CircletWindow *self)
{
  g_return_val_if_fail (CIRCLET_IS_WINDOW (self), NULL);

  return get_visible_page (self);
}

/* For the tests: shows a section as a click on its sidebar row would. */
void
_circlet_window_select_section (CircletWindow   *self,
                                CircletResource  resource)
{
  g_return_if_fail (CIRCLET_IS_WINDOW (self));

  gtk_list_box_select_row (self->sidebar_list, find_row (self, resource));
}

GtkSearchEntry *
_circlet_window_get_search_entry (CircletWindow *self)
{
  g_return_val_if_fail (CIRCLET_IS_WINDOW (self), NULL);

  return self->search_entry;
}

CircletAccount *
_circlet_window_get_account (CircletWindow *self)
{
  g_return_val_if_fail (CIRCLET_IS_WINDOW (self), NULL);

  return self->account;
}
