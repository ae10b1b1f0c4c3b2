import type { LanguagePhrases } from "./types.js";

/** Danish wording, in the phrase language of match.ts. Tested on test/lint/wording.test.ts's corpus. */
export const DA: LanguagePhrases = {
  nonApology: [
    // "Vi beklager, hvis nogen føler sig stødt", "hvis I er blevet skuffede".
    "hvis|såfremt ... stødt*|krænke*|fornærme*|såret|sårede|oprørt*|skuffe*|ubehageligt",
    "dem|alle|enhver|nogen der|som ... stødt*|krænke*|fornærme*",
    "beklage*|undskyld* (at|hvis|om) du|i|nogen|nogle|man|folk føler|følte|føles|opfatter|opfattede|tager|tog",
    "beklage*|undskyld* & eventuelle|enhver|ethvert|evt gene*|ulempe*|ulejlighed*|forvirring*|misforståelse*|frustration*|ubehag*|bekymring*|problemer",
    "beklage*|undskyld* & de|den|det|disse|denne gene*|ulempe*|ulejlighed*",
    "beklage*|undskyld* ... ulejlighed*|generne|ulemperne|besværet",
    // The passive that names no one: "der er begået fejl", "fejl blev begået".
    "fejl blev|er (blevet) begået",
    "der er|blev begået (nogle|en) fejl",
    "gene*|ulempe*|ubehag*|forvirring*|frustration* ... måtte|kan|kunne (have) forårsag*|medfør*|skab*|give|givet",
  ],
  etaFixed: [
    "løst|rettet|udbedret|genoprettet|repareret|ordnet",
    "oppe (igen|at køre)",
    "kørende|virker|fungerer igen|normalt",
    "tilbage (til) (normal|normalen|drift)",
    "normal drift",
    "i luften igen",
  ],
  etaWhen: [
    "inden|senest|før|til (kl) #|midnat|middag|aften|morgen|mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|{{}}",
    "inden|senest (i) aften|morgen|dag",
    "inden|indenfor (for) (de) (næste) (ca|cirka|omkring|max|maks) #|en|et|to|tre|fire|fem|seks|få|par|halv|{{}} (timer|time|minutter|minut|dage|dag|uger|uge|timers)",
    "i løbet af (dagen|eftermiddagen|formiddagen|aftenen|natten|ugen|de|kort)",
    "i dag|aften|morgen|eftermiddag",
    "om (ca|cirka) #|en|et|to|tre|par|få (timer|time|minutter|dage)",
    "kl #",
  ],
  eta: [
    "eta",
    "forvent*|regner|håber|estimer*|planlægger ... løst|rettet|oppe|tilbage|genoprettet|udbedret|løsning|klar",
  ],
  updateWords: [
    "opdater*",
    "nyt",
    "nyheder",
    "besked*",
    "meld*",
    "informer*",
    "orienter*",
    "fortæl*",
    "skriv*",
    "mere",
  ],
  pastWords: ["blev", "var", "har", "været", "blevet", "nu"],
  noComment: [
    "ingen kommentar*",
    "ønsker|vil ikke (at) kommentere",
    "har ikke (nogen) kommentar*",
    "afvis* at kommentere",
  ],
  allow: [],
};
