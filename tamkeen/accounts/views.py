from django.contrib.auth import views as auth_views

from tamkeen.accounts.lockout import cool_off


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        locked_out = getattr(self.request, "axes_locked_out", False)
        response = self.render_to_response(
            self.get_context_data(
                form=form, locked_out=locked_out, cool_off_minutes=int(cool_off().total_seconds() // 60)
            )
        )
        # The lockout middleware keeps this page (with its status 429) instead of its generic one.
        response.shows_lockout = locked_out
        return response
