//! Built-in interface texts, and how integrator overrides take precedence.
//!
//! Why built in: most portals only pick categories and languages; shipping
//! neutral, CNIL-style wording for the portal languages Opendatasoft offers
//! means a config with no `texts` still shows a complete, fair banner ("reject
//! all" as prominent and as plain as "accept all"). Lookups never return an
//! empty string: they fall back to English, which is always complete.

use crate::core::config::{Category, Config};
use crate::core::search;

/// Every text the banner and the preferences dialog show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextKey {
    /// Banner heading.
    BannerTitle,
    /// Banner body.
    BannerText,
    /// "Accept all" button.
    AcceptAll,
    /// "Reject all" button.
    RejectAll,
    /// Button opening the preferences dialog.
    Customise,
    /// Button saving the choices made in the dialog.
    Save,
    /// Accessible label of the close (×) button, which rejects.
    Close,
    /// Link to the cookie policy.
    PolicyLink,
    /// Preferences dialog heading (also the "Cookie settings" reopener).
    PreferencesTitle,
    /// Preferences dialog introduction.
    PreferencesText,
    /// Marker on necessary categories.
    AlwaysOn,
    /// Heading of a category's service list.
    Services,
    /// Summary of a category's cookie table.
    Cookies,
    /// Cookie table column: name.
    CookieName,
    /// Cookie table column: provider.
    CookieProvider,
    /// Cookie table column: purpose.
    CookiePurpose,
    /// Cookie table column: duration.
    CookieDuration,
    /// Title of the default `necessary` category.
    CatNecessaryTitle,
    /// Description of the default `necessary` category.
    CatNecessaryText,
    /// Title of the default `statistical` category.
    CatStatisticalTitle,
    /// Description of the default `statistical` category.
    CatStatisticalText,
    /// Title of the default `third_party` category.
    CatThirdPartyTitle,
    /// Description of the default `third_party` category.
    CatThirdPartyText,
    /// Placeholder text of a blocked embed; `{service}` is replaced by the service name.
    EmbedBlocked,
    /// Placeholder button loading one blocked embed.
    LoadOnce,
    /// Placeholder button accepting the embed's service; `{service}` is replaced.
    AlwaysAllow,
    /// Banner note shown when the browser sends Global Privacy Control.
    GpcNotice,
}

/// Number of text keys.
const COUNT: usize = 27;

impl TextKey {
    /// Every key, in declaration order (the order of the built-in tables).
    pub const ALL: [TextKey; COUNT] = [
        TextKey::BannerTitle,
        TextKey::BannerText,
        TextKey::AcceptAll,
        TextKey::RejectAll,
        TextKey::Customise,
        TextKey::Save,
        TextKey::Close,
        TextKey::PolicyLink,
        TextKey::PreferencesTitle,
        TextKey::PreferencesText,
        TextKey::AlwaysOn,
        TextKey::Services,
        TextKey::Cookies,
        TextKey::CookieName,
        TextKey::CookieProvider,
        TextKey::CookiePurpose,
        TextKey::CookieDuration,
        TextKey::CatNecessaryTitle,
        TextKey::CatNecessaryText,
        TextKey::CatStatisticalTitle,
        TextKey::CatStatisticalText,
        TextKey::CatThirdPartyTitle,
        TextKey::CatThirdPartyText,
        TextKey::EmbedBlocked,
        TextKey::LoadOnce,
        TextKey::AlwaysAllow,
        TextKey::GpcNotice,
    ];

    /// The camelCase name used in the config's `texts` object.
    pub fn as_str(self) -> &'static str {
        match self {
            TextKey::BannerTitle => "bannerTitle",
            TextKey::BannerText => "bannerText",
            TextKey::AcceptAll => "acceptAll",
            TextKey::RejectAll => "rejectAll",
            TextKey::Customise => "customise",
            TextKey::Save => "save",
            TextKey::Close => "close",
            TextKey::PolicyLink => "policyLink",
            TextKey::PreferencesTitle => "preferencesTitle",
            TextKey::PreferencesText => "preferencesText",
            TextKey::AlwaysOn => "alwaysOn",
            TextKey::Services => "services",
            TextKey::Cookies => "cookies",
            TextKey::CookieName => "cookieName",
            TextKey::CookieProvider => "cookieProvider",
            TextKey::CookiePurpose => "cookiePurpose",
            TextKey::CookieDuration => "cookieDuration",
            TextKey::CatNecessaryTitle => "catNecessaryTitle",
            TextKey::CatNecessaryText => "catNecessaryText",
            TextKey::CatStatisticalTitle => "catStatisticalTitle",
            TextKey::CatStatisticalText => "catStatisticalText",
            TextKey::CatThirdPartyTitle => "catThirdPartyTitle",
            TextKey::CatThirdPartyText => "catThirdPartyText",
            TextKey::EmbedBlocked => "embedBlocked",
            TextKey::LoadOnce => "loadOnce",
            TextKey::AlwaysAllow => "alwaysAllow",
            TextKey::GpcNotice => "gpcNotice",
        }
    }

    /// The key with this camelCase name.
    pub fn from_name(name: &str) -> Option<TextKey> {
        TextKey::ALL.iter().copied().find(|k| k.as_str() == name)
    }
}

impl core::fmt::Display for TextKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Languages with built-in texts (primary subtags).
pub const BUILTIN_LANGUAGES: &[&str] = &["en", "fr", "de", "es", "it", "nl", "pt", "ca", "ja"];

// One string per language, its texts in `TextKey::ALL` order separated by `SEP`
// (one string is smaller in the wasm than a table of string slices). French uses
// U+00A0 where typography wants a non-breaking space (before ':' and inside « »).
const EN: &str = concat!(
    "This site uses cookies\u{1f}",
    "We use cookies to measure visits (statistics) and to show content from other sites (third-party cookies). You can accept them, reject them or choose, and change your mind at any time via “Cookie settings”.\u{1f}",
    "Accept all\u{1f}",
    "Reject all\u{1f}",
    "Customise\u{1f}",
    "Save my choices\u{1f}",
    "Close and reject\u{1f}",
    "Cookie policy\u{1f}",
    "Cookie settings\u{1f}",
    "Choose which cookies you allow. Necessary cookies are always on because the portal cannot work without them. You can change your choice at any time.\u{1f}",
    "Always on\u{1f}",
    "Services\u{1f}",
    "Cookies used\u{1f}",
    "Name\u{1f}",
    "Provider\u{1f}",
    "Purpose\u{1f}",
    "Duration\u{1f}",
    "Necessary\u{1f}",
    "Needed for the portal to work: they keep you signed in, remember your language, protect requests to the API and store your cookie choices. They cannot be turned off.\u{1f}",
    "Statistics\u{1f}",
    "They measure visits to the portal (web analytics) so that we can understand how it is used and improve it.\u{1f}",
    "Third-party cookies\u{1f}",
    "Set by other sites, for example when the portal shows embedded content (videos, maps, social media posts) or for advertising. These sites may follow your browsing.\u{1f}",
    "This {service} content is blocked because it can set cookies.\u{1f}",
    "Load this content\u{1f}",
    "Always allow {service}\u{1f}",
    "Your browser sends a Global Privacy Control signal: optional cookies stay off unless you turn them on.",
);

const FR: &str = concat!(
    "Ce site utilise des cookies\u{1f}",
    "Nous utilisons des cookies pour mesurer la fréquentation du site (statistiques) et afficher des contenus provenant d’autres sites (cookies tiers). Vous pouvez les accepter, les refuser ou choisir, et changer d’avis à tout moment via «\u{a0}Paramètres des cookies\u{a0}».\u{1f}",
    "Tout accepter\u{1f}",
    "Tout refuser\u{1f}",
    "Personnaliser\u{1f}",
    "Enregistrer mes choix\u{1f}",
    "Fermer et refuser\u{1f}",
    "Politique relative aux cookies\u{1f}",
    "Paramètres des cookies\u{1f}",
    "Choisissez les cookies que vous autorisez. Les cookies nécessaires sont toujours actifs, car le portail ne peut pas fonctionner sans eux. Vous pouvez modifier votre choix à tout moment.\u{1f}",
    "Toujours actifs\u{1f}",
    "Services\u{1f}",
    "Cookies utilisés\u{1f}",
    "Nom\u{1f}",
    "Fournisseur\u{1f}",
    "Finalité\u{1f}",
    "Durée\u{1f}",
    "Nécessaires\u{1f}",
    "Indispensables au fonctionnement du portail\u{a0}: ils vous gardent connecté, mémorisent votre langue, sécurisent les appels à l’API et conservent vos choix en matière de cookies. Ils ne peuvent pas être désactivés.\u{1f}",
    "Statistiques\u{1f}",
    "Ils mesurent la fréquentation du portail (mesure d’audience) afin de comprendre comment il est utilisé et de l’améliorer.\u{1f}",
    "Cookies tiers\u{1f}",
    "Déposés par d’autres sites, par exemple lorsque le portail affiche des contenus intégrés (vidéos, cartes, publications de réseaux sociaux) ou à des fins publicitaires. Ces sites peuvent suivre votre navigation.\u{1f}",
    "Ce contenu {service} est bloqué, car il peut déposer des cookies.\u{1f}",
    "Charger ce contenu\u{1f}",
    "Toujours autoriser {service}\u{1f}",
    "Votre navigateur envoie un signal Global Privacy Control : les cookies facultatifs restent désactivés, sauf si vous les activez.",
);

const DE: &str = concat!(
    "Diese Website verwendet Cookies\u{1f}",
    "Wir verwenden Cookies, um die Besuche der Website zu messen (Statistik) und Inhalte anderer Websites anzuzeigen (Cookies von Drittanbietern). Sie können sie akzeptieren, ablehnen oder selbst auswählen und Ihre Entscheidung jederzeit unter „Cookie-Einstellungen“ ändern.\u{1f}",
    "Alle akzeptieren\u{1f}",
    "Alle ablehnen\u{1f}",
    "Anpassen\u{1f}",
    "Meine Auswahl speichern\u{1f}",
    "Schließen und ablehnen\u{1f}",
    "Cookie-Richtlinie\u{1f}",
    "Cookie-Einstellungen\u{1f}",
    "Wählen Sie, welche Cookies Sie zulassen. Notwendige Cookies sind immer aktiv, da das Portal ohne sie nicht funktioniert. Sie können Ihre Auswahl jederzeit ändern.\u{1f}",
    "Immer aktiv\u{1f}",
    "Dienste\u{1f}",
    "Verwendete Cookies\u{1f}",
    "Name\u{1f}",
    "Anbieter\u{1f}",
    "Zweck\u{1f}",
    "Speicherdauer\u{1f}",
    "Notwendig\u{1f}",
    "Ohne sie funktioniert das Portal nicht: Sie sorgen dafür, dass Sie angemeldet bleiben, merken sich Ihre Sprache, schützen Anfragen an die API und speichern Ihre Cookie-Auswahl. Sie lassen sich nicht deaktivieren.\u{1f}",
    "Statistik\u{1f}",
    "Sie messen die Besuche des Portals (Webanalyse), damit wir verstehen, wie es genutzt wird, und es verbessern können.\u{1f}",
    "Cookies von Drittanbietern\u{1f}",
    "Sie werden von anderen Websites gesetzt, etwa wenn das Portal eingebettete Inhalte (Videos, Karten, Beiträge aus sozialen Netzwerken) anzeigt, oder zu Werbezwecken. Diese Websites können Ihr Surfverhalten verfolgen.\u{1f}",
    "Dieser Inhalt von {service} ist blockiert, da er Cookies setzen kann.\u{1f}",
    "Diesen Inhalt laden\u{1f}",
    "{service} immer erlauben\u{1f}",
    "Ihr Browser sendet ein Global-Privacy-Control-Signal: Optionale Cookies bleiben aus, solange Sie sie nicht einschalten.",
);

const ES: &str = concat!(
    "Este sitio utiliza cookies\u{1f}",
    "Utilizamos cookies para medir las visitas al sitio (estadísticas) y mostrar contenidos de otros sitios (cookies de terceros). Puede aceptarlas, rechazarlas o elegir cuáles permite, y cambiar de opinión en cualquier momento desde «Configuración de cookies».\u{1f}",
    "Aceptar todo\u{1f}",
    "Rechazar todo\u{1f}",
    "Personalizar\u{1f}",
    "Guardar mis preferencias\u{1f}",
    "Cerrar y rechazar\u{1f}",
    "Política de cookies\u{1f}",
    "Configuración de cookies\u{1f}",
    "Elija qué cookies permite. Las cookies necesarias están siempre activas porque el portal no puede funcionar sin ellas. Puede cambiar su elección en cualquier momento.\u{1f}",
    "Siempre activas\u{1f}",
    "Servicios\u{1f}",
    "Cookies utilizadas\u{1f}",
    "Nombre\u{1f}",
    "Proveedor\u{1f}",
    "Finalidad\u{1f}",
    "Duración\u{1f}",
    "Necesarias\u{1f}",
    "Imprescindibles para el funcionamiento del portal: mantienen su sesión iniciada, recuerdan su idioma, protegen las solicitudes a la API y guardan sus preferencias de cookies. No se pueden desactivar.\u{1f}",
    "Estadísticas\u{1f}",
    "Miden las visitas al portal (analítica web) para entender cómo se utiliza y mejorarlo.\u{1f}",
    "Cookies de terceros\u{1f}",
    "Las instalan otros sitios, por ejemplo cuando el portal muestra contenidos insertados (vídeos, mapas, publicaciones de redes sociales) o con fines publicitarios. Estos sitios pueden seguir su navegación.\u{1f}",
    "Este contenido de {service} está bloqueado porque puede instalar cookies.\u{1f}",
    "Cargar este contenido\u{1f}",
    "Permitir siempre {service}\u{1f}",
    "Su navegador envía una señal Global Privacy Control: las cookies opcionales permanecen desactivadas salvo que usted las active.",
);

const IT: &str = concat!(
    "Questo sito utilizza i cookie\u{1f}",
    "Utilizziamo i cookie per misurare le visite al sito (statistiche) e mostrare contenuti di altri siti (cookie di terze parti). Puoi accettarli, rifiutarli o scegliere quali consentire, e cambiare idea in qualsiasi momento da «Impostazioni dei cookie».\u{1f}",
    "Accetta tutto\u{1f}",
    "Rifiuta tutto\u{1f}",
    "Personalizza\u{1f}",
    "Salva le mie scelte\u{1f}",
    "Chiudi e rifiuta\u{1f}",
    "Informativa sui cookie\u{1f}",
    "Impostazioni dei cookie\u{1f}",
    "Scegli quali cookie consentire. I cookie necessari sono sempre attivi perché il portale non può funzionare senza di essi. Puoi modificare la tua scelta in qualsiasi momento.\u{1f}",
    "Sempre attivi\u{1f}",
    "Servizi\u{1f}",
    "Cookie utilizzati\u{1f}",
    "Nome\u{1f}",
    "Fornitore\u{1f}",
    "Finalità\u{1f}",
    "Durata\u{1f}",
    "Necessari\u{1f}",
    "Indispensabili per il funzionamento del portale: mantengono attiva la sessione, ricordano la lingua scelta, proteggono le richieste all’API e memorizzano le tue scelte sui cookie. Non possono essere disattivati.\u{1f}",
    "Statistiche\u{1f}",
    "Misurano le visite al portale (analisi web) per capire come viene utilizzato e migliorarlo.\u{1f}",
    "Cookie di terze parti\u{1f}",
    "Sono impostati da altri siti, ad esempio quando il portale mostra contenuti incorporati (video, mappe, post dei social network) o per finalità pubblicitarie. Questi siti possono tracciare la tua navigazione.\u{1f}",
    "Questo contenuto di {service} è bloccato perché può installare cookie.\u{1f}",
    "Carica questo contenuto\u{1f}",
    "Consenti sempre {service}\u{1f}",
    "Il tuo browser invia un segnale Global Privacy Control: i cookie facoltativi restano disattivati finché non li attivi.",
);

const NL: &str = concat!(
    "Deze website gebruikt cookies\u{1f}",
    "We gebruiken cookies om het bezoek aan de website te meten (statistieken) en inhoud van andere websites te tonen (cookies van derden). U kunt ze accepteren, weigeren of zelf kiezen, en uw keuze op elk moment wijzigen via ‘Cookie-instellingen’.\u{1f}",
    "Alles accepteren\u{1f}",
    "Alles weigeren\u{1f}",
    "Aanpassen\u{1f}",
    "Mijn keuzes opslaan\u{1f}",
    "Sluiten en weigeren\u{1f}",
    "Cookiebeleid\u{1f}",
    "Cookie-instellingen\u{1f}",
    "Kies welke cookies u toestaat. Noodzakelijke cookies staan altijd aan, omdat het portaal zonder deze cookies niet werkt. U kunt uw keuze op elk moment wijzigen.\u{1f}",
    "Altijd aan\u{1f}",
    "Diensten\u{1f}",
    "Gebruikte cookies\u{1f}",
    "Naam\u{1f}",
    "Aanbieder\u{1f}",
    "Doel\u{1f}",
    "Bewaartermijn\u{1f}",
    "Noodzakelijk\u{1f}",
    "Nodig om het portaal te laten werken: ze houden u ingelogd, onthouden uw taal, beveiligen verzoeken aan de API en bewaren uw cookiekeuzes. Ze kunnen niet worden uitgeschakeld.\u{1f}",
    "Statistieken\u{1f}",
    "Ze meten het bezoek aan het portaal (webanalyse), zodat we begrijpen hoe het wordt gebruikt en het kunnen verbeteren.\u{1f}",
    "Cookies van derden\u{1f}",
    "Worden geplaatst door andere websites, bijvoorbeeld wanneer het portaal ingesloten inhoud toont (video’s, kaarten, berichten van sociale media) of voor advertenties. Die websites kunnen uw surfgedrag volgen.\u{1f}",
    "Deze inhoud van {service} is geblokkeerd omdat die cookies kan plaatsen.\u{1f}",
    "Deze inhoud laden\u{1f}",
    "{service} altijd toestaan\u{1f}",
    "Uw browser stuurt een Global Privacy Control-signaal: optionele cookies blijven uit tenzij u ze aanzet.",
);

const PT: &str = concat!(
    "Este site utiliza cookies\u{1f}",
    "Utilizamos cookies para medir as visitas ao site (estatísticas) e apresentar conteúdos de outros sites (cookies de terceiros). Pode aceitá-los, recusá-los ou escolher quais permite, e alterar a sua escolha a qualquer momento em «Preferências de cookies».\u{1f}",
    "Aceitar tudo\u{1f}",
    "Recusar tudo\u{1f}",
    "Personalizar\u{1f}",
    "Guardar as minhas escolhas\u{1f}",
    "Fechar e recusar\u{1f}",
    "Política de cookies\u{1f}",
    "Preferências de cookies\u{1f}",
    "Escolha os cookies que autoriza. Os cookies necessários estão sempre ativos, porque o portal não funciona sem eles. Pode alterar a sua escolha a qualquer momento.\u{1f}",
    "Sempre ativos\u{1f}",
    "Serviços\u{1f}",
    "Cookies utilizados\u{1f}",
    "Nome\u{1f}",
    "Fornecedor\u{1f}",
    "Finalidade\u{1f}",
    "Duração\u{1f}",
    "Necessários\u{1f}",
    "Indispensáveis ao funcionamento do portal: mantêm a sua sessão iniciada, memorizam o seu idioma, protegem os pedidos à API e guardam as suas escolhas sobre cookies. Não podem ser desativados.\u{1f}",
    "Estatísticas\u{1f}",
    "Medem as visitas ao portal (análise web) para entendermos como é utilizado e o podermos melhorar.\u{1f}",
    "Cookies de terceiros\u{1f}",
    "Definidos por outros sites, por exemplo quando o portal apresenta conteúdos incorporados (vídeos, mapas, publicações de redes sociais) ou para fins publicitários. Esses sites podem acompanhar a sua navegação.\u{1f}",
    "Este conteúdo de {service} está bloqueado porque pode instalar cookies.\u{1f}",
    "Carregar este conteúdo\u{1f}",
    "Permitir sempre {service}\u{1f}",
    "O seu navegador envia um sinal Global Privacy Control: os cookies opcionais ficam desativados, salvo se os ativar.",
);

const CA: &str = concat!(
    "Aquest lloc web utilitza galetes\u{1f}",
    "Utilitzem galetes per mesurar les visites al lloc web (estadístiques) i mostrar continguts d’altres llocs (galetes de tercers). Podeu acceptar-les, rebutjar-les o triar quines permeteu, i canviar d’opinió en qualsevol moment des de «Configuració de les galetes».\u{1f}",
    "Accepta-ho tot\u{1f}",
    "Rebutja-ho tot\u{1f}",
    "Personalitza\u{1f}",
    "Desa les meves preferències\u{1f}",
    "Tanca i rebutja\u{1f}",
    "Política de galetes\u{1f}",
    "Configuració de les galetes\u{1f}",
    "Trieu quines galetes permeteu. Les galetes necessàries sempre estan actives perquè el portal no pot funcionar sense aquestes. Podeu canviar la vostra elecció en qualsevol moment.\u{1f}",
    "Sempre actives\u{1f}",
    "Serveis\u{1f}",
    "Galetes utilitzades\u{1f}",
    "Nom\u{1f}",
    "Proveïdor\u{1f}",
    "Finalitat\u{1f}",
    "Durada\u{1f}",
    "Necessàries\u{1f}",
    "Imprescindibles perquè el portal funcioni: mantenen la sessió iniciada, recorden la llengua triada, protegeixen les peticions a l’API i desen les vostres preferències de galetes. No es poden desactivar.\u{1f}",
    "Estadístiques\u{1f}",
    "Mesuren les visites al portal (analítica web) per entendre com s’utilitza i millorar-lo.\u{1f}",
    "Galetes de tercers\u{1f}",
    "Les instal·len altres llocs web, per exemple quan el portal mostra continguts incrustats (vídeos, mapes, publicacions de xarxes socials) o amb finalitats publicitàries. Aquests llocs poden seguir la vostra navegació.\u{1f}",
    "Aquest contingut de {service} està bloquejat perquè pot instal·lar galetes.\u{1f}",
    "Carrega aquest contingut\u{1f}",
    "Permet sempre {service}\u{1f}",
    "El vostre navegador envia un senyal Global Privacy Control: les galetes opcionals continuen desactivades si no les activeu.",
);

const JA: &str = concat!(
    "当サイトではCookieを使用しています\u{1f}",
    "当サイトでは、アクセス解析（統計）と外部サイトのコンテンツ表示（サードパーティCookie）のためにCookieを使用しています。すべてに同意するか、すべて拒否するか、種類ごとに選択できます。選択内容は「Cookie設定」からいつでも変更できます。\u{1f}",
    "すべて同意する\u{1f}",
    "すべて拒否する\u{1f}",
    "カスタマイズ\u{1f}",
    "選択内容を保存する\u{1f}",
    "拒否して閉じる\u{1f}",
    "Cookieポリシー\u{1f}",
    "Cookie設定\u{1f}",
    "許可するCookieを選択してください。必須のCookieはポータルの動作に欠かせないため、常に有効です。選択内容はいつでも変更できます。\u{1f}",
    "常に有効\u{1f}",
    "サービス\u{1f}",
    "使用するCookie\u{1f}",
    "名前\u{1f}",
    "提供元\u{1f}",
    "目的\u{1f}",
    "保存期間\u{1f}",
    "必須\u{1f}",
    "ポータルの動作に必要なCookieです。ログイン状態の維持、表示言語の記憶、APIへのリクエストの保護、Cookie設定の保存に使用します。無効にすることはできません。\u{1f}",
    "統計\u{1f}",
    "ポータルへのアクセス状況を計測（アクセス解析）し、利用状況の把握とサービスの改善に役立てます。\u{1f}",
    "サードパーティCookie\u{1f}",
    "埋め込みコンテンツ（動画、地図、SNSの投稿など）の表示や広告配信のために、外部サイトが設定するCookieです。これらのサイトが閲覧履歴を追跡する場合があります。\u{1f}",
    "この{service}のコンテンツはCookieを設定する可能性があるため、ブロックされています。\u{1f}",
    "このコンテンツを読み込む\u{1f}",
    "{service}を常に許可する\u{1f}",
    "ご利用のブラウザーはGlobal Privacy Controlシグナルを送信しています。任意のCookieは、オンにしない限りオフのままです。",
);

const TABLES: [(&str, &str); 9] = [
    ("en", EN),
    ("fr", FR),
    ("de", DE),
    ("es", ES),
    ("it", IT),
    ("nl", NL),
    ("pt", PT),
    ("ca", CA),
    ("ja", JA),
];

/// Separates the texts of a language's string.
const SEP: u8 = 0x1f;

/// The `key`th text of a language's string.
fn nth(table: &'static str, key: TextKey) -> Option<&'static str> {
    search::split_ascii(table, SEP).nth(index(key))
}

/// The primary subtag of a language tag: `pt-BR` → `pt`, `fr_FR` → `fr`.
pub fn primary(lang: &str) -> &str {
    search::before_any_ascii(lang, b"-_")
}

fn index(key: TextKey) -> usize {
    key as usize
}

/// The built-in text for `key` in `lang` (matched case-insensitively on its
/// primary subtag, so `pt-BR` reads `pt`); `None` for other languages.
pub fn builtin(lang: &str, key: TextKey) -> Option<&'static str> {
    let lang = primary(lang);
    TABLES
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(lang))
        .and_then(|(_, table)| nth(table, key))
}

fn overridden<'a>(config: &'a Config, lang: &str, key: TextKey) -> Option<&'a str> {
    config
        .texts
        .iter()
        .find(|(l, k, t)| l.eq_ignore_ascii_case(lang) && k == key.as_str() && !t.is_empty())
        .map(|(_, _, t)| t.as_str())
}

/// The text to show for `key` in `lang`.
///
/// Order: the config's override for `lang`, then for its primary subtag
/// (`pt-br` → `pt`), the built-in text for `lang`, the override for `en`,
/// and last the built-in English text, so the result is never empty.
pub fn text<'a>(config: &'a Config, lang: &str, key: TextKey) -> &'a str {
    overridden(config, lang, key)
        .or_else(|| overridden(config, primary(lang), key))
        .or_else(|| builtin(lang, key))
        .or_else(|| overridden(config, "en", key))
        .or_else(|| nth(EN, key))
        .unwrap_or("Cookies")
}

/// The built-in title and description keys of a default category id.
fn category_keys(id: &str) -> Option<(TextKey, TextKey)> {
    match id {
        "necessary" => Some((TextKey::CatNecessaryTitle, TextKey::CatNecessaryText)),
        "statistical" => Some((TextKey::CatStatisticalTitle, TextKey::CatStatisticalText)),
        "third_party" => Some((TextKey::CatThirdPartyTitle, TextKey::CatThirdPartyText)),
        _ => None,
    }
}

/// A category's title: its configured label, else the built-in title for the
/// default ids (`necessary`, `statistical`, `third_party`), else its id.
pub fn category_title<'a>(config: &'a Config, category: &'a Category, lang: &str) -> &'a str {
    if !category.label.is_empty() {
        return category.label.get(lang);
    }
    match category_keys(&category.id) {
        Some((title, _)) => text(config, lang, title),
        None => &category.id,
    }
}

/// A category's description: its configured one, else the built-in text for
/// the default ids, else empty.
pub fn category_text<'a>(config: &'a Config, category: &'a Category, lang: &str) -> &'a str {
    if !category.description.is_empty() {
        return category.description.get(lang);
    }
    match category_keys(&category.id) {
        Some((_, body)) => text(config, lang, body),
        None => "",
    }
}

/// True for languages written right to left (Arabic, Hebrew, Persian, Urdu
/// and a few others), matched on the primary subtag.
pub fn is_rtl(lang: &str) -> bool {
    const RTL: &[&str] = &["ar", "he", "iw", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"];
    let p = primary(lang);
    RTL.iter().any(|r| r.eq_ignore_ascii_case(p))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config::Localized;

    #[test]
    fn every_key_is_written_in_every_language() {
        for lang in BUILTIN_LANGUAGES {
            for key in TextKey::ALL {
                let t = builtin(lang, key).unwrap_or("");
                assert!(!t.trim().is_empty(), "{lang} {key} is empty");
            }
        }
        assert_eq!(TABLES.len(), BUILTIN_LANGUAGES.len());
        for ((l, table), b) in TABLES.iter().zip(BUILTIN_LANGUAGES) {
            assert_eq!(l, b);
            assert_eq!(table.split(char::from(SEP)).count(), COUNT, "{l}: one text per key, none containing the separator");
        }
    }

    #[test]
    fn keys_round_trip_and_follow_the_tables() {
        for (i, key) in TextKey::ALL.iter().enumerate() {
            assert_eq!(index(*key), i);
            assert_eq!(TextKey::from_name(key.as_str()), Some(*key));
        }
        assert_eq!(TextKey::from_name("acceptall"), None);
        assert_eq!(TextKey::from_name(""), None);
    }

    #[test]
    fn wording_is_neutral() {
        assert_eq!(builtin("fr", TextKey::AcceptAll), Some("Tout accepter"));
        assert_eq!(builtin("fr", TextKey::RejectAll), Some("Tout refuser"));
        assert_eq!(builtin("fr", TextKey::Customise), Some("Personnaliser"));
        assert_eq!(builtin("ja", TextKey::AcceptAll), Some("すべて同意する"));
        assert_eq!(builtin("ja", TextKey::RejectAll), Some("すべて拒否する"));
        // The banner text points to the settings entry by its real name.
        for lang in BUILTIN_LANGUAGES {
            let body = builtin(lang, TextKey::BannerText).unwrap_or("");
            let settings = builtin(lang, TextKey::PreferencesTitle).unwrap_or("?");
            assert!(body.contains(settings), "{lang}: banner text does not name {settings:?}");
        }
    }

    #[test]
    fn builtin_matches_on_the_primary_subtag() {
        assert_eq!(builtin("pt-BR", TextKey::Save), builtin("pt", TextKey::Save));
        assert_eq!(builtin("FR", TextKey::Save), Some("Enregistrer mes choix"));
        assert_eq!(builtin("zh", TextKey::Save), None);
        assert_eq!(builtin("", TextKey::Save), None);
    }

    #[test]
    fn overrides_take_precedence_then_fall_back() {
        let mut config = Config::default();
        let add = |c: &mut Config, l: &str, k: &str, t: &str| c.texts.push((l.into(), k.into(), t.into()));
        add(&mut config, "fr", "acceptAll", "J’accepte tout");
        add(&mut config, "pt", "save", "Salvar");
        add(&mut config, "en", "bannerTitle", "Cookies on Data Corsica");
        add(&mut config, "de", "rejectAll", "");
        // Override for the language.
        assert_eq!(text(&config, "fr", TextKey::AcceptAll), "J’accepte tout");
        // Built-in for the language when not overridden.
        assert_eq!(text(&config, "fr", TextKey::RejectAll), "Tout refuser");
        // Override for the primary subtag.
        assert_eq!(text(&config, "pt-br", TextKey::Save), "Salvar");
        // An empty override is ignored.
        assert_eq!(text(&config, "de", TextKey::RejectAll), "Alle ablehnen");
        // Built-in language beats the English override.
        assert_eq!(text(&config, "fr", TextKey::BannerTitle), "Ce site utilise des cookies");
        // Unknown language: English override, then built-in English.
        assert_eq!(text(&config, "zh", TextKey::BannerTitle), "Cookies on Data Corsica");
        assert_eq!(text(&config, "zh", TextKey::AcceptAll), "Accept all");
        // An override for a language with no built-in texts.
        add(&mut config, "eu", "acceptAll", "Onartu guztiak");
        assert_eq!(text(&config, "eu", TextKey::AcceptAll), "Onartu guztiak");
        assert_eq!(text(&config, "eu", TextKey::RejectAll), "Reject all");
    }

    #[test]
    fn category_titles_use_labels_then_builtins_then_ids() {
        let mut config = Config::default();
        config.categories.push(Category { id: "maps".into(), ..Category::default() });
        config.categories.push(Category {
            id: "video".into(),
            label: Localized::of(&[("fr", "Vidéos"), ("en", "Videos")]),
            ..Category::default()
        });
        let titles: Vec<&str> = config.categories.iter().map(|c| category_title(&config, c, "fr")).collect();
        assert_eq!(titles, ["Nécessaires", "Statistiques", "Cookies tiers", "maps", "Vidéos"]);
        let stat = config.category("statistical").unwrap();
        assert!(category_text(&config, stat, "ja").contains("アクセス解析"));
        assert_eq!(category_text(&config, config.category("maps").unwrap(), "en"), "");
    }

    #[test]
    fn detects_right_to_left_languages() {
        for rtl in ["ar", "he", "fa", "ur", "ar-EG", "HE", "fa_IR"] {
            assert!(is_rtl(rtl), "{rtl}");
        }
        for ltr in ["en", "fr", "ja", "", "arn", "hr"] {
            assert!(!is_rtl(ltr), "{ltr}");
        }
    }
}
