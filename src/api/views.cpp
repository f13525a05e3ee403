#include "api/views.hpp"

#include <boost/json.hpp>
#include <unordered_map>

namespace townhall::api {

namespace json = boost::json;

json::value user_view(const core::User& user) {
  return json::object{
      {"id", core::id_to_string(user.id)},
      {"name", user.name},
      {"role", core::role_name(user.role)},
      {"created_at", core::format_rfc3339(user.created_at)},
  };
}

json::value admin_user_view(const core::User& user) {
  json::value view = user_view(user);
  json::array sites;
  for (const auto& s : user.moderated_sites) sites.emplace_back(s);
  view.as_object()["sites"] = std::move(sites);
  return view;
}

json::value author_view(core::Id id, const std::string& name) {
  return json::object{{"id", core::id_to_string(id)}, {"name", name}};
}

json::value site_view(const core::Site& site) {
  json::array origins;
  for (const auto& o : site.allowed_origins) origins.emplace_back(o);
  json::array allow_domains;
  for (const auto& d : site.settings.link_allow_domains) allow_domains.emplace_back(d);
  json::array deny_domains;
  for (const auto& d : site.settings.link_deny_domains) deny_domains.emplace_back(d);
  return json::object{
      {"id", site.id},
      {"name", site.name},
      {"allowed_origins", std::move(origins)},
      {"settings",
       json::object{
           {"edit_window_seconds", site.settings.edit_window_seconds},
           {"max_body_chars", site.settings.max_body_chars},
           {"auto_close_days", site.settings.auto_close_days},
           {"report_threshold", site.settings.report_threshold},
           {"premoderation", core::premoderation_name(site.settings.premoderation)},
           {"links", core::link_policy_name(site.settings.links)},
           {"max_links", site.settings.max_links},
           {"link_allow_domains", std::move(allow_domains)},
           {"link_deny_domains", std::move(deny_domains)},
           {"new_commenter_approvals", site.settings.new_commenter_approvals},
           {"rejection_rate_threshold", site.settings.rejection_rate_threshold},
           {"rejection_window_days", site.settings.rejection_window_days},
           {"spam_threshold", site.settings.spam_threshold},
       }},
      {"created_at", core::format_rfc3339(site.created_at)},
  };
}

json::value story_view(const core::Story& story, bool open) {
  return json::object{
      {"id", story.key},
      {"title", story.title},
      {"url", story.url},
      {"open", open},
      {"comment_count", story.comment_count},
      {"featured_count", story.featured_count},
      {"premoderated", story.premoderated},
      {"created_at", core::format_rfc3339(story.created_at)},
  };
}

json::object comment_view(const core::Comment& c) {
  const bool visible = core::is_publicly_visible(c.status);
  json::object o;
  o["id"] = core::id_to_string(c.id);
  o["parent_id"] = c.parent_id ? json::value(core::id_to_string(*c.parent_id)) : json::value(nullptr);
  o["author"] = visible ? author_view(c.author_id, c.author_name) : json::value(nullptr);
  o["body_html"] = visible ? c.body_html : std::string();
  o["created_at"] = core::format_rfc3339(c.created_at);
  o["edited_at"] = c.edited_at ? json::value(core::format_rfc3339(*c.edited_at)) : json::value(nullptr);
  o["status"] = core::status_name(c.status);
  o["reactions"] = c.reaction_count;
  o["reply_count"] = c.reply_count;
  o["featured"] = visible && c.featured;
  o["replies"] = json::array();
  return o;
}

json::value thread_view(const core::Story& story, bool open, const core::ThreadPage& page,
                        const std::optional<std::string>& next_cursor) {
  json::array comments;
  comments.reserve(page.top_level.size());
  for (std::size_t i = 0; i < page.top_level.size(); ++i) {
    json::object root = comment_view(page.top_level[i]);
    const auto& replies = i < page.replies.size() ? page.replies[i] : std::vector<core::Comment>{};
    if (!replies.empty()) {
      // Replies arrive oldest first, so every parent precedes its children.
      // Nodes live in `nodes` until the tree is assembled bottom-up.
      std::unordered_map<core::Id, std::size_t> index;  // comment id → position in replies
      std::vector<json::object> nodes;
      std::vector<std::vector<std::size_t>> children(replies.size());
      std::vector<std::size_t> root_children;
      nodes.reserve(replies.size());
      for (std::size_t r = 0; r < replies.size(); ++r) {
        const core::Comment& c = replies[r];
        index.emplace(c.id, r);
        nodes.push_back(comment_view(c));
        // Find the node this reply is shown under: its parent, or for replies
        // nested too deep, the ancestor at depth kMaxNestingDepth - 1.
        std::optional<std::size_t> holder;
        if (c.parent_id) {
          auto p = index.find(*c.parent_id);
          if (p != index.end()) {
            std::size_t at = p->second;
            if (c.depth > kMaxNestingDepth) {
              const core::Comment& parent = replies[at];
              nodes[r]["reply_to"] = json::object{
                  {"id", core::id_to_string(parent.id)},
                  {"author", core::is_publicly_visible(parent.status)
                                 ? author_view(parent.author_id, parent.author_name)
                                 : json::value(nullptr)},
              };
              while (replies[at].depth > kMaxNestingDepth - 1) {
                auto up = index.find(replies[at].parent_id.value_or(0));
                if (up == index.end()) break;
                at = up->second;
              }
            }
            holder = at;
          }
        }
        if (holder && replies[*holder].depth >= 1) {
          children[*holder].push_back(r);
        } else {
          root_children.push_back(r);  // direct reply, or parent not on this page
        }
      }
      // Children always come later than their holder, so assemble from the end.
      for (std::size_t r = replies.size(); r-- > 0;) {
        if (children[r].empty()) continue;
        auto& list = nodes[r]["replies"].as_array();
        for (std::size_t child : children[r]) list.emplace_back(std::move(nodes[child]));
      }
      auto& list = root["replies"].as_array();
      for (std::size_t child : root_children) list.emplace_back(std::move(nodes[child]));
    }
    if (i < page.replies_truncated.size() && page.replies_truncated[i]) root["more_replies"] = true;
    comments.emplace_back(std::move(root));
  }
  return json::object{
      {"story", story_view(story, open)},
      {"comments", std::move(comments)},
      {"next_cursor", next_cursor ? json::value(*next_cursor) : json::value(nullptr)},
  };
}

}  // namespace townhall::api
